/**
 * The bisection that finds the tickets S-360 will not take (issue 13, item 4), against a fake
 * S-360 that refuses exactly the tickets it is told to, as a whole request, like a real API.
 */
import fc from 'fast-check';
import { applyDiffItems } from '../../../src/activities/applyDiffItems';
import { BLIND_FAILURE_BUDGET, ChunkWriter, MOSTLY_REFUSED_MIN } from '../../../src/activities/chunkWriter';
import { createTransferKeyer } from '../../../src/activities/transferKeys';
import type { MobileUpdate } from '../../../src/domain/mobileUpdate';
import { TransportError } from '../../../src/http/transportError';
import type { S360Gateway } from '../../../src/s360/gateway';
import { at } from '../../support/tickets';

const transferKeys = createTransferKeyer('chunk-writer-test-secret-of-32-characters');

interface FakeS360 {
  gateway: Pick<S360Gateway, 'applyMobileUpdates'>;
  written: Map<string, string>;
  calls: () => number;
}

type Outage = { afterCalls: number; as: 'network' | 503 };

/** Refuses a request holding a ticket of `refuse4xx` (422) or `fail5xx` (500); down after `outage.afterCalls`. */
function fakeS360(refuse4xx: ReadonlySet<string>, fail5xx: ReadonlySet<string>, outage?: Outage): FakeS360 {
  const written = new Map<string, string>();
  let calls = 0;
  return {
    written,
    calls: () => calls,
    gateway: {
      async applyMobileUpdates(updates: readonly MobileUpdate[]) {
        calls += 1;
        await Promise.resolve();
        if (outage && calls > outage.afterCalls) {
          if (outage.as === 'network') throw new TransportError('S-360 failed: ECONNRESET', true);
          throw new TransportError('S-360 failed with HTTP 503: down for maintenance', true, 503);
        }
        const bad = updates.find((update) => refuse4xx.has(update.ticketId));
        if (bad)
          throw new TransportError(`S-360 failed with HTTP 422: ${bad.ticketId} is locked`, false, 422);
        const failing = updates.find((update) => fail5xx.has(update.ticketId));
        if (failing) throw new TransportError('S-360 failed with HTTP 500: NullPointerException', true, 500);
        let applied = 0;
        for (const update of updates) {
          if ((written.get(update.ticketId) ?? '') < update.statusChangedAt) {
            written.set(update.ticketId, update.statusChangedAt);
            applied += 1;
          }
        }
        return { applied, unchanged: updates.length - applied };
      },
    },
  };
}

const updatesOf = (count: number): MobileUpdate[] =>
  Array.from({ length: count }, (_, n) => ({
    ticketId: `T-${n}`,
    mobileStatus: 'DOWNLOADED',
    statusChangedAt: at(n % 60),
  }));

/** A chunk size and two disjoint sets of its ticket ids: the ones S-360 refuses (4xx) and fails on (5xx). */
const chunkShapes = fc
  .integer({ min: 1, max: 600 })
  .chain((size) =>
    fc.tuple(
      fc.constant(size),
      fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: Math.min(size, 12) }),
      fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: Math.min(size, 12) }),
    ),
  )
  .map(([size, refused, failing]) => {
    const refuse4xx = new Set(refused.map((n) => `T-${n}`));
    const fail5xx = new Set(failing.map((n) => `T-${n}`).filter((id) => !refuse4xx.has(id)));
    return { size, refuse4xx, fail5xx };
  });

async function writeAll(writer: ChunkWriter, updates: readonly MobileUpdate[]) {
  return writer.confirm(await writer.write(updates));
}

describe('ChunkWriter: one ticket S-360 will not take never blocks the others', () => {
  it('applies exactly the tickets S-360 takes and rejects exactly the others, whatever the chunk', async () => {
    await fc.assert(
      fc.asyncProperty(chunkShapes, async ({ size, refuse4xx, fail5xx }) => {
        const updates = updatesOf(size);
        const bad = new Set([...refuse4xx, ...fail5xx]);
        fc.pre(bad.size < size || fail5xx.size === 0); // some ticket S-360 takes, to tell a 5xx from an outage
        const s360 = fakeS360(refuse4xx, fail5xx);
        const result = await writeAll(new ChunkWriter(s360.gateway), updates);

        expect(new Set(s360.written.keys())).toEqual(
          new Set(updates.map((u) => u.ticketId).filter((id) => !bad.has(id))),
        );
        expect(new Set(result.refused.map((item) => item.ticketId))).toEqual(bad);
        expect(result.applied + result.unchanged + result.refused.length).toBe(size);
        for (const item of result.refused) {
          expect(item.reason).toMatch(
            refuse4xx.has(item.ticketId)
              ? /^S-360 refused it: HTTP 422: T-\d+ is locked$/
              : /^S-360 failed on it: HTTP 500: /,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('S-360 refusing most of a page (its contract changed) stops the writer: not retried, no flood of rejections', async () => {
    const updates = updatesOf(500);
    const s360 = fakeS360(new Set(updates.slice(0, 400).map((u) => u.ticketId)), new Set());
    const failure = await new ChunkWriter(s360.gateway).write(updates).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).retryable).toBe(false);
    const [, refused, taken] =
      /^S-360 refused (\d+) tickets of this page one by one and took (\d+) /.exec(
        (failure as TransportError).message,
      ) ?? [];
    expect(Number(refused)).toBeGreaterThanOrEqual(MOSTLY_REFUSED_MIN);
    expect(Number(refused)).toBe(Number(taken) + 1); // it stops as soon as refusals outnumber the tickets taken
    // Bounded by the bisection of the page: about one write per ticket, never a retry of the page.
    expect(s360.calls()).toBeLessThanOrEqual(2 * updates.length);
  });

  it('finds one refused ticket among n with at most 2·⌈log2 n⌉ + 1 writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 2000 })
          .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))),
        async ([size, bad]) => {
          const s360 = fakeS360(new Set([`T-${bad}`]), new Set());
          const result = await writeAll(new ChunkWriter(s360.gateway), updatesOf(size));
          expect(result.refused.map((item) => item.ticketId)).toEqual([`T-${bad}`]);
          expect(s360.calls()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(Math.max(2, size))) + 1);
        },
      ),
    );
  });

  it('finds a run of adjacent tickets S-360 fails on (5xx), before or after the tickets it takes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 2, max: 600 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.integer({ min: 1, max: Math.min(size - 1, 30) }), fc.boolean()),
          ),
        async ([size, run, atStart]) => {
          const from = atStart ? 0 : size - run;
          const failing = new Set(Array.from({ length: run }, (_, n) => `T-${from + n}`));
          const s360 = fakeS360(new Set(), failing);
          const result = await writeAll(new ChunkWriter(s360.gateway), updatesOf(size));
          expect(new Set(result.refused.map((item) => item.ticketId))).toEqual(failing);
          expect(s360.written.size).toBe(size - run);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a page where S-360 fails (5xx) on every ticket is an outage: retried, nothing rejected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (size) => {
        const updates = updatesOf(size);
        const s360 = fakeS360(new Set(), new Set(updates.map((u) => u.ticketId)));
        const failure = await writeAll(new ChunkWriter(s360.gateway), updates).catch(
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(TransportError);
        expect((failure as TransportError).retryable).toBe(true);
        expect(s360.written.size).toBe(0);
      }),
    );
  });

  it('S-360 going down at any moment (connections dropped or 503) never rejects a ticket it would take', async () => {
    await fc.assert(
      fc.asyncProperty(
        chunkShapes,
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom<Outage['as']>('network', 503),
        async ({ size, refuse4xx, fail5xx }, afterCalls, as) => {
          const s360 = fakeS360(refuse4xx, fail5xx, { afterCalls, as });
          const bad = new Set([...refuse4xx, ...fail5xx]);
          const outcome = await writeAll(new ChunkWriter(s360.gateway), updatesOf(size)).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
          if ('error' in outcome) {
            expect(outcome.error).toBeInstanceOf(TransportError);
            expect((outcome.error as TransportError).retryable).toBe(true);
            return;
          }
          for (const item of outcome.result.refused) expect(bad.has(item.ticketId)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a 503 outage costs a few writes per chunk, not one per ticket', async () => {
    const s360 = fakeS360(new Set(), new Set(), { afterCalls: 0, as: 503 });
    await expect(writeAll(new ChunkWriter(s360.gateway), updatesOf(500))).rejects.toBeInstanceOf(
      TransportError,
    );
    expect(s360.calls()).toBeLessThanOrEqual(BLIND_FAILURE_BUDGET + 1);
  });

  it('a 503 outage after tickets were taken costs a few writes per chunk', async () => {
    const s360 = fakeS360(new Set(), new Set(), { afterCalls: 1, as: 503 });
    const writer = new ChunkWriter(s360.gateway);
    await writeAll(writer, updatesOf(500));
    const before = s360.calls();
    await expect(writeAll(writer, updatesOf(500))).rejects.toBeInstanceOf(TransportError);
    expect(s360.calls() - before).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(500)) + 4);
  });

  it('a refused request that is no ticket’s fault (401, 404, 429) is never split', async () => {
    for (const status of [401, 403, 404, 408, 429]) {
      let calls = 0;
      const writer = new ChunkWriter({
        async applyMobileUpdates() {
          calls += 1;
          throw new TransportError(
            `S-360 failed with HTTP ${status}`,
            status === 408 || status === 429,
            status,
          );
        },
      });
      await expect(writeAll(writer, updatesOf(300))).rejects.toMatchObject({ status });
      expect(calls).toBe(1);
    }
  });
});

describe('applyDiffItems with tickets S-360 refuses, over several chunks written at once', () => {
  it('rejects exactly the refused tickets with their raw item, applies the others, hands off no transfer of theirs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 1600 })
          .chain((size) =>
            fc.tuple(
              fc.constant(size),
              fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 6 }),
              fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 6 }),
            ),
          ),
        async ([size, refused, failing]) => {
          const refuse4xx = new Set(refused.map((n) => `T-${n}`));
          const fail5xx = new Set(failing.map((n) => `T-${n}`).filter((id) => !refuse4xx.has(id)));
          const bad = new Set([...refuse4xx, ...fail5xx]);
          fc.pre(bad.size < size);
          const items = Array.from({ length: size }, (_, n) => ({
            ticketId: `T-${n}`,
            status: 'PENDING_TRANSFER',
            statusChangedAt: at(n % 60),
            transfer: { senderEmail: 'a@example.test', recipientEmail: 'b@example.test' },
          }));
          const s360 = fakeS360(refuse4xx, fail5xx);
          const summary = await applyDiffItems(s360.gateway as S360Gateway, items, {
            organizerId: 'org',
            transferKeys,
            skipTickets: [],
            strict: false,
            distributionEnabled: true,
            openRejectionTicketIds: [...bad],
            resumeToken: 'page:',
          });
          expect(summary.applied).toBe(size - bad.size);
          expect(new Set(summary.rejected.map((item) => item.ticketId))).toEqual(bad);
          for (const item of summary.rejected) {
            expect(item).toMatchObject({ index: Number(item.ticketId?.slice(2)), path: '(item)' });
            expect(JSON.parse(item.raw ?? '')).toEqual(items[item.index]);
          }
          expect(summary.transfers.some((event) => bad.has(event.ticketId))).toBe(false);
          expect(summary.transfers).toHaveLength(size - bad.size);
          expect(summary.resolvedRejections).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('strict mode halts at the first ticket S-360 refuses', async () => {
    const items = Array.from({ length: 5 }, (_, n) => ({
      ticketId: `T-${n}`,
      status: 'DOWNLOADED',
      statusChangedAt: at(n),
    }));
    const s360 = fakeS360(new Set(['T-3', 'T-1']), new Set());
    const summary = await applyDiffItems(s360.gateway as S360Gateway, items, {
      organizerId: 'org',
      transferKeys,
      skipTickets: [],
      strict: true,
      distributionEnabled: false,
      openRejectionTicketIds: [],
      resumeToken: 'page:',
    });
    expect(summary.halted).toMatchObject({ ticketId: 'T-1', index: 1 });
    expect(summary.rejected).toEqual([summary.halted]);
  });
});
