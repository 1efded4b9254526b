/**
 * Issue 14, item 4: random transfer stories over 2-3 tickets and 3-4 people (accepted, rejected,
 * cancelled, expired, forwarded, returned, a last one left pending), through the real stack. Each
 * case is delivered twice, to two organizers: in random runs and pages, with repeats and any order
 * inside a page; and one step per run in TIXNGO's order, each applied before the next. S-360 must
 * break no invariant (src/sim/s360/invariants.ts) and both end states must be equal.
 *
 * CI runs PROPERTY_RUNS (default 3) small cases; `PROPERTY_RUNS=200 npx jest test/property/transfers.test.ts`
 * runs more. A failure prints fast-check's shrunk case and its seed (PROPERTY_SEED replays it).
 */
import fc from 'fast-check';
import { runOnce } from '../../src/client/runOnce';
import { normalizeEmail } from '../../src/domain/contact';
import { describeViolations, findViolations, type S360State } from '../../src/sim/s360/invariants';
import { readS360State } from '../../src/sim/s360/stateReader';
import { transferWorkflowId } from '../../src/workflows/ids';
import { uniqueSuffix } from '../support/env';
import { stacksStoppedAfterAll, type TestStack } from '../support/stack';
import { transferKeyFor } from '../support/transfers';
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
/** How long a case waits for a transfer workflow to end or a line to show (a bug may mean never). */
const SETTLE_MS = 20_000;

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

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

/** Waits (bounded) until the transfer's workflow ended, or for a transfer TIXNGO left pending, its line. */
async function settled(stack: TestStack, perTicket: Step[][]): Promise<void> {
  await Promise.all(
    perTicket.flatMap((steps) => {
      const transfers = new Map<string, Step[]>();
      for (const step of steps)
        transfers.set(step.transfer.id, [...(transfers.get(step.transfer.id) ?? []), step]);
      const ids = [...transfers.keys()];
      return ids.map(async (id, index) => {
        const own = transfers.get(id) ?? [];
        const first = own[0] as Step;
        const decided = own.length > 1 || index < ids.length - 1;
        if (decided) {
          const key = transferKeyFor(
            stack.organizerId,
            first.ticketId,
            first.transfer,
            first.statusChangedAt,
          );
          const handle = stack.client.workflow.getHandle(
            transferWorkflowId(stack.organizerId, first.ticketId, key),
          );
          await within(
            handle.result().catch(() => undefined),
            SETTLE_MS,
          );
        } else {
          const deadline = Date.now() + SETTLE_MS;
          while (Date.now() < deadline) {
            const lines = await stack.s360Api.listDistributionLines(first.ticketId).catch(() => []);
            if (lines.some((line) => line.occurredAt === first.transfer.initiatedAt)) return;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      });
    }),
  );
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
  const pagedDone = (async () => {
    for (const items of randomRuns(perTicket, testCase.deliverySeed)) await run(paged, items);
    await settled(paged, perTicket);
  })();
  const referenceDone = (async () => {
    for (const step of oneByOne(perTicket)) {
      await run(reference, [step]);
      const ticketSteps = perTicket.find((list) => list[0]?.ticketId === step.ticketId) ?? [];
      await settled(reference, [ticketSteps.slice(0, ticketSteps.indexOf(step) + 1)]);
    }
  })();
  await Promise.all([pagedDone, referenceDone]);

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
  expect(describeViolations(violations)).toBe('');
  expect(comparable(pagedState)).toEqual(comparable(referenceState));
}

describe('issue 14: transfers settle right in every order', () => {
  it(
    'random transfer stories in random pages keep every invariant and end as delivered one by one',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary, (testCase) => check(testCase)),
        { numRuns: RUNS, seed: SEED, verbose: true, interruptAfterTimeLimit: 480_000 },
      );
    },
    600_000 + RUNS * 120_000,
  );
});
