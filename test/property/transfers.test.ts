/**
 * Issue 14, item 4: random transfer stories over 2-3 tickets and 3-4 people (accepted, rejected,
 * cancelled, expired, forwarded, returned, a last one left pending), through the real stack. Each
 * case is delivered twice, to two organizers: in random runs and pages, with repeats and any order
 * inside a page; and one step per run in TIXNGO's order, each applied before the next. S-360 must
 * break no invariant (src/sim/s360/invariants.ts) and both end states must be equal.
 *
 * CI runs the known counterexamples (counterexamples.ts), then PROPERTY_RUNS (default 3) random cases;
 * `PROPERTY_RUNS=200 npx jest test/property/transfers.test.ts` runs more. A failure prints fast-check's
 * shrunk case, its seed and path: PROPERTY_SEED=<seed> PROPERTY_PATH=<path> replays (and shrinks) it;
 * PROPERTY_TIME_LIMIT_S (default 480) bounds cases plus shrinking.
 */
import fc from 'fast-check';
import { runOnce } from '../../src/client/runOnce';
import { normalizeEmail } from '../../src/domain/contact';
import { describeViolations, findViolations, type S360State } from '../../src/sim/s360/invariants';
import { readS360State } from '../../src/sim/s360/stateReader';
import { uniqueSuffix } from '../support/env';
import { stacksStoppedAfterAll, type TestStack } from '../support/stack';
import { transfersApplied } from '../support/settle';
import { COUNTEREXAMPLES } from './counterexamples';
import {
  caseArbitrary,
  oneByOne,
  randomRuns,
  stepsOf,
  type Case,
  type Names,
  type Step,
} from './transferModel';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 3);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
/** Cases and shrinking stop after this long (fast-check then reports the smallest failure so far). */
const TIME_LIMIT_MS = Number(process.env.PROPERTY_TIME_LIMIT_S ?? 480) * 1000;
/** How long a case waits for a transfer workflow to end or a line to show (a bug may mean never). */
const SETTLE_MS = 20_000;
const PAGED_SETTLE_MS = 3_000;

const stackFor = stacksStoppedAfterAll();
let paged: TestStack;
let reference: TestStack;
beforeAll(async () => {
  [paged, reference] = await Promise.all([
    stackFor('prop-paged', { batchSize: 2 }),
    stackFor('prop-reference', { batchSize: 1 }),
  ]);
});

function namesFor(caseId: string): Names {
  return {
    ticketId: (index) => `P${caseId}-${index}`,
    email: (person) => `p${person}.${caseId}@prop.test`,
    firstName: (person) => `Person${person}`,
  };
}

async function seedOwners(stack: TestStack, testCase: Case, names: Names): Promise<void> {
  for (const [index, ticket] of testCase.tickets.entries()) {
    const email = names.email(ticket.owner);
    const contact = await stack.s360Api.createContact(
      { email, firstName: names.firstName(ticket.owner), lastName: 'Prop', hasInternetAccount: true },
      { idempotencyKey: `prop-seed-${email}` },
    );
    await stack.s360.store.seedTicket({
      ticketId: names.ticketId(index),
      culturalContactId: contact.contactId,
    });
  }
}

async function run(stack: TestStack, items: Step[]): Promise<void> {
  stack.tixngo.changes.append(...items);
  await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
}

/** This case's part of S-360: its tickets and the contacts of its people. */
function caseState(state: S360State, caseId: string): S360State {
  return {
    tickets: state.tickets.filter((ticket) => ticket.ticketId.startsWith(`P${caseId}-`)),
    contacts: state.contacts.filter((contact) =>
      normalizeEmail(contact.email).endsWith(`.${caseId}@prop.test`),
    ),
  };
}

/** An end state without ids: lines, statuses, contacts by e-mail, cultural contacts. */
function comparable(state: S360State) {
  const emailOf = new Map(
    state.contacts.map((contact) => [contact.contactId, normalizeEmail(contact.email)]),
  );
  const email = (id: number | null) => (id === null ? null : (emailOf.get(id) ?? `unknown contact ${id}`));
  return {
    tickets: state.tickets.map((ticket) => ({
      ticketId: ticket.ticketId,
      culturalContact: email(ticket.culturalContactId),
      lines: ticket.lines.map((line) => ({
        occurredAt: line.occurredAt,
        status: line.status,
        old: email(line.oldContactId),
        new: email(line.newContactId),
      })),
    })),
    contacts: state.contacts
      .map((contact) => ({ email: normalizeEmail(contact.email), temporary: contact.temporary }))
      .sort((a, b) => a.email.localeCompare(b.email) || Number(a.temporary) - Number(b.temporary)),
  };
}

async function check(testCase: Case): Promise<void> {
  const caseId = uniqueSuffix();
  const names = namesFor(caseId);
  const perTicket = stepsOf(testCase, names);
  const steps = perTicket.flat();

  await Promise.all([seedOwners(paged, testCase, names), seedOwners(reference, testCase, names)]);
  // Transfers still open although TIXNGO decided them (issue 14 item 3: they should settle at once);
  // reported with a failure, not judged here: the end state is.
  const late: string[] = [];
  const pagedDelivered = (async () => {
    for (const items of randomRuns(perTicket, testCase.deliverySeed)) await run(paged, items);
  })();
  const referenceDone = (async () => {
    for (const step of oneByOne(perTicket)) {
      await run(reference, [step]);
      const ticketSteps = perTicket.find((list) => list[0]?.ticketId === step.ticketId) ?? [];
      const stuck = await transfersApplied(
        reference,
        ticketSteps.slice(0, ticketSteps.indexOf(step) + 1),
        SETTLE_MS,
      );
      late.push(...stuck.map((what) => `one by one: ${what}`));
    }
  })();
  await Promise.all([pagedDelivered, referenceDone]);
  // The random pages had the one-by-one delivery's time to settle; a transfer a repeated item reopened
  // stays open, so a short wait only.
  const pagedLate = await transfersApplied(paged, steps, PAGED_SETTLE_MS);
  late.push(...pagedLate.map((what) => `random pages: ${what}`));

  // Both end states, judged once they stop moving: on a starved box a transfer workflow of the random
  // pages may still be settling (a line half applied for a moment is allowed, never for good), so the
  // states are read again until they hold or SETTLE_MS has passed.
  const judge = async () => {
    const [pagedState, referenceState] = await Promise.all([
      readS360State(paged.s360.url).then((state) => caseState(state, caseId)),
      readS360State(reference.s360.url).then((state) => caseState(state, caseId)),
    ]);
    const violations = [
      ...findViolations({ state: pagedState, steps }).map((violation) => ({
        ...violation,
        detail: `random pages: ${violation.detail}`,
      })),
      ...findViolations({ state: referenceState, steps }).map((violation) => ({
        ...violation,
        detail: `one by one: ${violation.detail}`,
      })),
    ];
    const same = JSON.stringify(comparable(pagedState)) === JSON.stringify(comparable(referenceState));
    return { pagedState, referenceState, violations, holds: violations.length === 0 && same };
  };
  let judged = await judge();
  for (const deadline = Date.now() + SETTLE_MS; !judged.holds && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    judged = await judge();
  }
  const { pagedState, referenceState, violations } = judged;
  if (late.length > 0) console.warn(`transfers not settled within ${SETTLE_MS} ms:\n${late.join('\n')}`);
  expect(describeViolations(violations)).toBe('');
  expect(comparable(pagedState)).toEqual(comparable(referenceState));
}

describe('issue 14: transfers settle right in every order', () => {
  it(
    'random transfer stories in random pages keep every invariant and end as delivered one by one',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary, (testCase) => check(testCase)),
        {
          // The known counterexamples run first and count as runs: RUNS random cases come after them.
          numRuns: RUNS + (process.env.PROPERTY_PATH ? 0 : COUNTEREXAMPLES.length),
          seed: SEED,
          path: process.env.PROPERTY_PATH,
          examples: process.env.PROPERTY_PATH ? [] : COUNTEREXAMPLES.map((testCase) => [testCase] as [Case]),
          verbose: true,
          interruptAfterTimeLimit: TIME_LIMIT_MS,
        },
      );
    },
    600_000 + RUNS * 120_000,
  );
});
