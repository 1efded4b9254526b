/**
 * A small TIXNGO for the property test of issue 14: random transfer stories over a few tickets and
 * people, turned into the diff items TIXNGO would serve, and a random delivery of them (pages, runs,
 * repeats) within what TIXNGO may do (SPEC §10: an item keeps its statusChangedAt; a page's order
 * means nothing; items may be served again later).
 */
import { seededRandom } from '../../src/sim/tixngo/random';
import fc from 'fast-check';

export type StoryKind = 'accepted' | 'rejected' | 'cancelled' | 'expired' | 'forwarded' | 'returned';

export interface Story {
  kind: StoryKind;
  /** Who receives, as an offset from the owner among the people (never the owner). */
  to: number;
  /** forwarded: whom the recipient sends it on to. */
  then: number;
  /** forwarded: TIXNGO's TRANSFERRED of the first hop is served (else only the next transfer shows it). */
  acceptanceSeen: boolean;
}

export interface TicketStory {
  /** Index of the person S-360 sold the ticket to (its first owner and cultural contact). */
  owner: number;
  stories: Story[];
  /** A last transfer left pending (TIXNGO has not decided yet). */
  endsPending: boolean;
}

export interface Case {
  people: number;
  tickets: TicketStory[];
  /** Drives the delivery: run sizes, page order, repeats. */
  deliverySeed: number;
}

const story: fc.Arbitrary<Story> = fc.record({
  kind: fc.constantFrom<StoryKind>('accepted', 'rejected', 'cancelled', 'expired', 'forwarded', 'returned'),
  to: fc.nat({ max: 2 }),
  then: fc.nat({ max: 2 }),
  acceptanceSeen: fc.boolean(),
});

export const caseArbitrary: fc.Arbitrary<Case> = fc.integer({ min: 3, max: 4 }).chain((people) =>
  fc.record({
    people: fc.constant(people),
    tickets: fc.array(
      fc.record({
        owner: fc.nat({ max: people - 1 }),
        stories: fc.array(story, { minLength: 1, maxLength: 3 }),
        endsPending: fc.boolean(),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    deliverySeed: fc.integer(),
  }),
);

export interface Names {
  ticketId(index: number): string;
  email(person: number): string;
  firstName(person: number): string;
}

export interface Step {
  ticketId: string;
  taxNumber: string;
  status: string;
  statusChangedAt: string;
  transfer: { id: string; senderEmail: string; recipientEmail: string; initiatedAt: string };
  spectatorDetails: { email: string; firstName: string; lastName: string };
}

const BASE = Date.UTC(2026, 10, 23, 10, 0);
const at = (minute: number): string => new Date(BASE + minute * 60_000).toISOString();

/** Every ticket's steps in TIXNGO's order (per ticket, increasing statusChangedAt). */
export function stepsOf(testCase: Case, names: Names): Step[][] {
  return testCase.tickets.map((ticket, index) => {
    const ticketId = names.ticketId(index);
    const steps: Step[] = [];
    let owner = ticket.owner;
    let minute = 10;
    let transfers = 0;
    const other = (from: number, offset: number): number =>
      (from + 1 + (offset % (testCase.people - 1))) % testCase.people;
    const spectator = (person: number) => ({
      email: names.email(person),
      firstName: names.firstName(person),
      lastName: 'Prop',
    });
    const transfer = (from: number, to: number, outcome?: 'TRANSFERRED' | 'FAILURE_TRANSFER' | 'FAILURE') => {
      transfers += 1;
      const start = minute;
      const item = {
        id: `${ticketId}-T${transfers}`,
        senderEmail: names.email(from),
        recipientEmail: names.email(to),
        initiatedAt: at(start),
      };
      const step = (status: string, when: number, holder: number): Step => ({
        ticketId,
        taxNumber: `tax-${ticketId}`,
        status,
        statusChangedAt: at(when),
        transfer: item,
        spectatorDetails: spectator(holder),
      });
      steps.push(step('PENDING_TRANSFER', start, from));
      minute += outcome === 'FAILURE' ? 61 : 2;
      if (outcome) steps.push(step(outcome, minute, outcome === 'TRANSFERRED' ? to : from));
      minute += 1;
    };
    for (const s of ticket.stories) {
      const to = other(owner, s.to);
      switch (s.kind) {
        case 'accepted':
          transfer(owner, to, 'TRANSFERRED');
          owner = to;
          break;
        case 'rejected':
        case 'cancelled':
          transfer(owner, to, 'FAILURE_TRANSFER');
          break;
        case 'expired':
          transfer(owner, to, 'FAILURE');
          break;
        case 'forwarded': {
          transfer(owner, to, s.acceptanceSeen ? 'TRANSFERRED' : undefined);
          const next = other(to, s.then);
          transfer(to, next, 'TRANSFERRED');
          owner = next;
          break;
        }
        case 'returned':
          transfer(owner, to, 'TRANSFERRED');
          transfer(to, owner, 'TRANSFERRED');
          break;
      }
    }
    if (ticket.endsPending) transfer(owner, other(owner, 0));
    return steps;
  });
}

/** The simulator's seeded generator (mulberry32), so a delivery is replayed from its seed. */
const random = seededRandom;

/**
 * The runs of a random delivery: tickets interleaved at random (each ticket's steps in order), cut
 * into runs of 1-5 items, each run's items in random order (one page's order means nothing), and now
 * and then an item served before served again later (a re-read).
 */
export function randomRuns(perTicket: Step[][], seed: number): Step[][] {
  const next = random(seed);
  const queues = perTicket.map((steps) => [...steps]);
  const order: Step[] = [];
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0);
    const queue = open[Math.floor(next() * open.length)];
    const item = queue?.shift();
    if (item) order.push(item);
    if (order.length > 1 && next() < 0.2) order.push(order[Math.floor(next() * order.length)] as Step);
  }
  const runs: Step[][] = [];
  for (let index = 0; index < order.length;) {
    const size = 1 + Math.floor(next() * 5);
    const run = order.slice(index, index + size);
    for (let i = run.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [run[i], run[j]] = [run[j] as Step, run[i] as Step];
    }
    runs.push(run);
    index += size;
  }
  return runs;
}

/** The reference delivery: every step once, in TIXNGO's time order, one per run. */
export function oneByOne(perTicket: Step[][]): Step[] {
  return perTicket
    .flat()
    .map((step, order) => ({ step, order }))
    .sort(
      (a, b) => Date.parse(a.step.statusChangedAt) - Date.parse(b.step.statusChangedAt) || a.order - b.order,
    )
    .map(({ step }) => step);
}
