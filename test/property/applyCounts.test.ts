/**
 * Issue 15 item 5: the counts of a page add up. Random pages (several changes per ticket, invalid
 * items, skip entries, tickets S-360 refuses, doContinueInCaseOfSyncError on and off) go through
 * applyDiffItems into the real S-360 simulator (PostgreSQL, over HTTP). Every summary must say where
 * each item went: items = applied + unchanged + superseded + skipped + rejected + heldBack, and each
 * count must be the one a per-item reading of the page gives.
 *
 * `PROPERTY_RUNS=500 npx jest test/property/applyCounts.test.ts` runs more cases (default 40);
 * PROPERTY_SEED replays one.
 */
import fc from 'fast-check';
import { applyDiffItems } from '../../src/activities/applyDiffItems';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import { startSimulatedS360, type SimulatedS360 } from '../s360/support/simulators';
import { ticket } from '../support/tickets';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

const TICKETS = ['T-1', 'T-2', 'T-3', 'T-4', 'T-5'] as const;
const STATUSES = ['INJECTED', 'DOWNLOADED', 'ASSIGNED', 'ONLINE_ACTIVATED'] as const;

type PageItem =
  | { kind: 'valid'; ticketId: string; status: string; minute: number }
  | { kind: 'invalid'; ticketId: string; shape: 'bad-status' | 'no-time' | 'not-an-object' };

const pageItem: fc.Arbitrary<PageItem> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('valid' as const),
      ticketId: fc.constantFrom(...TICKETS),
      status: fc.constantFrom(...STATUSES),
      minute: fc.integer({ min: 0, max: 59 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      ticketId: fc.constantFrom(...TICKETS),
      shape: fc.constantFrom('bad-status' as const, 'no-time' as const, 'not-an-object' as const),
    }),
  },
);

const pageCase = fc.record({
  items: fc.array(pageItem, { maxLength: 24 }),
  /** Skip entries: by ticket id or by tax number (the test tickets' tax numbers are `tax-<id>`). */
  skip: fc
    .subarray([...TICKETS])
    .chain((ids) =>
      fc.tuple(fc.constant(ids), fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length })),
    ),
  refused: fc.subarray([...TICKETS]),
  strict: fc.boolean(),
});

function rawOf(item: PageItem): unknown {
  if (item.kind === 'valid') return ticket(item.ticketId, item.status, item.minute);
  if (item.shape === 'bad-status') return ticket(item.ticketId, 'NOT_A_STATUS', 1);
  if (item.shape === 'no-time') return { ticketId: item.ticketId, status: 'DOWNLOADED' };
  return 7;
}

/**
 * What each count must be, read item by item (SPEC §10: the newest change per ticket is written).
 * A skipped ticket is left out before validation (SPEC §2): an invalid item of it is skipped too,
 * when it names the ticket as the entry does (an item without a tax number only by its id).
 */
function expectedCounts(
  items: readonly PageItem[],
  skipped: ReadonlySet<string>,
  skippedById: ReadonlySet<string>,
  refused: ReadonlySet<string>,
  strict: boolean,
) {
  const isSkipped = (item: PageItem): boolean =>
    item.kind === 'valid' || item.shape === 'bad-status'
      ? skipped.has(item.ticketId)
      : item.shape === 'no-time' && skippedById.has(item.ticketId);
  const firstInvalid = items.findIndex((item) => item.kind === 'invalid' && !isSkipped(item));
  const halt = strict && firstInvalid >= 0 ? firstInvalid : items.length;
  const candidates = items.slice(0, halt).filter((item) => item.kind === 'valid');
  const skippedItems = items.slice(0, halt).filter(isSkipped).length;
  const invalid = strict
    ? firstInvalid >= 0
      ? 1
      : 0
    : items.filter((item) => item.kind === 'invalid' && !isSkipped(item)).length;
  const kept = candidates.filter((item) => !skipped.has(item.ticketId));
  const tickets = new Set(kept.map((item) => item.ticketId));
  const refusedTickets = [...tickets].filter((ticketId) => refused.has(ticketId)).length;
  const written = tickets.size - refusedTickets;
  const afterInvalidHalt = strict && firstInvalid >= 0 ? items.length - firstInvalid : 0;
  if (strict && refusedTickets > 0) {
    // The first refused ticket halts the page; the other refused ones and the items from the first
    // invalid one on stay for the next run.
    return {
      writtenOrUnchanged: written,
      superseded: kept.length - tickets.size,
      skipped: skippedItems,
      rejected: 1,
      heldBack: refusedTickets - 1 + afterInvalidHalt,
    };
  }
  return {
    writtenOrUnchanged: written,
    superseded: kept.length - tickets.size,
    skipped: skippedItems,
    rejected: invalid + refusedTickets,
    heldBack: strict && firstInvalid >= 0 ? afterInvalidHalt - 1 : 0,
  };
}

describe('applyDiffItems: every item of a page is counted once, under its own name', () => {
  let s360: SimulatedS360;
  beforeAll(async () => {
    s360 = await startSimulatedS360('counts', 'postgresql');
  });
  afterAll(async () => {
    await s360?.stop();
  });

  it('items = applied + unchanged + superseded + skipped + rejected + heldBack, each as the page says', async () => {
    const transferKeys = createTransferKeyer(transferKeySecretFromEnv());
    await fc.assert(
      fc.asyncProperty(pageCase, async ({ items, skip: [skipIds, byTaxNumber], refused, strict }) => {
        s360.sim.refusals.clear();
        s360.sim.refusals.refuse(refused);
        const skipEntries = skipIds.map((ticketId, n) =>
          byTaxNumber[n] ? `tax-${ticketId}` : `id:${ticketId}`,
        );
        const summary = await applyDiffItems(s360.s360, items.map(rawOf), {
          organizerId: s360.organizerId,
          skipTickets: skipEntries,
          strict,
          distributionEnabled: false,
          transferKeys,
          openRejectionTicketIds: [],
          resumeToken: 'property',
        });
        const counts = [
          summary.applied,
          summary.unchanged,
          summary.superseded,
          summary.skipped,
          summary.rejected.length,
          summary.heldBack,
        ];
        expect(counts.every((count) => Number.isInteger(count) && count >= 0)).toBe(true);
        expect(counts.reduce((sum, count) => sum + count, 0)).toBe(items.length);
        expect(summary.items).toBe(items.length);

        const expected = expectedCounts(
          items,
          new Set(skipIds),
          new Set(skipIds.filter((_, n) => !byTaxNumber[n])),
          new Set(refused),
          strict,
        );
        expect({
          writtenOrUnchanged: summary.applied + summary.unchanged,
          superseded: summary.superseded,
          skipped: summary.skipped,
          rejected: summary.rejected.length,
          heldBack: summary.heldBack,
        }).toEqual(expected);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 180_000);
});
