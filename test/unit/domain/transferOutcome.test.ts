/**
 * The pure decisions of a transfer's end (src/domain/transferOutcome.ts; SPEC §8, issue 14).
 */
import fc from 'fast-check';
import {
  ACCEPTANCE_GRACE_MS,
  adjacentTransfers,
  MAX_RECONCILE_INTERVAL_MS,
  reconcileDelayMs,
  settledStatus,
  confirmsOlder,
} from '../../../src/domain/transferOutcome';

const HOUR = 3_600_000;
const line = (lineId: number, minute: number, transferId: string | null = `t${lineId}`) => ({
  lineId,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  transferId,
});

describe('adjacentTransfers: the transfer just before and just after a line', () => {
  it('in time order, whatever order S-360 lists the lines in', () => {
    const lines = [line(3, 30), line(1, 10), line(2, 20)];
    expect(adjacentTransfers(lines, line(2, 20))).toEqual({ before: line(1, 10), after: line(3, 30) });
    expect(adjacentTransfers(lines, line(1, 10))).toEqual({ before: undefined, after: line(2, 20) });
    expect(adjacentTransfers(lines, line(3, 30))).toEqual({ before: line(2, 20), after: undefined });
  });

  it('leaves out S-360’s own lines (no transferId); equal times go by line id', () => {
    const lines = [line(1, 10), line(2, 15, null), line(3, 10), line(4, 20)];
    expect(adjacentTransfers(lines, line(4, 20))).toEqual({ before: line(3, 10), after: undefined });
    expect(adjacentTransfers(lines, line(1, 10))).toEqual({ before: undefined, after: line(3, 10) });
  });

  it('is the same for every listing order (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ lineId: fc.nat(50), minute: fc.nat(59) }), { selector: (l) => l.lineId }),
        fc.nat(),
        (specs, seed) => {
          const lines = specs.map((spec) => line(spec.lineId, spec.minute));
          const target = lines[seed % Math.max(1, lines.length)];
          if (!target) return;
          const shuffled = [...lines].sort(
            (a, b) => ((a.lineId * 7919 + seed) % 97) - ((b.lineId * 7919 + seed) % 97),
          );
          expect(adjacentTransfers(shuffled, target)).toEqual(adjacentTransfers(lines, target));
        },
      ),
    );
  });
});

describe('confirmsOlder: a newer transfer settles the older only by confirming it', () => {
  it('true when the newer one’s sender is the older one’s recipient; else it decides nothing', () => {
    expect(confirmsOlder({ newContactId: 2 }, { oldContactId: 2 })).toBe(true);
    expect(confirmsOlder({ newContactId: 2 }, { oldContactId: 1 })).toBe(false);
    expect(confirmsOlder({ newContactId: 2 }, { oldContactId: null })).toBe(false);
  });
});

describe('reconcileDelayMs: TIXNGO is asked again at growing intervals, never given up on', () => {
  it('the window plus the grace period first, then twice the window, doubling, at most a day', () => {
    expect(reconcileDelayMs(0, HOUR)).toBe(HOUR + ACCEPTANCE_GRACE_MS);
    expect([1, 2, 3, 4].map((asked) => reconcileDelayMs(asked, HOUR))).toEqual(
      [2, 4, 8, 16].map((n) => n * HOUR),
    );
    expect(reconcileDelayMs(5, HOUR)).toBe(MAX_RECONCILE_INTERVAL_MS);
    expect(reconcileDelayMs(10_000, HOUR)).toBe(MAX_RECONCILE_INTERVAL_MS);
  });

  it('a short window gets a grace period in proportion (a sixth of it)', () => {
    expect(reconcileDelayMs(0, 6_000)).toBe(7_000);
  });

  it('never shrinks and never exceeds a day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 2 * HOUR }), fc.nat(1_000), (window, asked) => {
        const now = reconcileDelayMs(asked, window);
        expect(reconcileDelayMs(asked + 1, window)).toBeGreaterThanOrEqual(
          Math.min(now, MAX_RECONCILE_INTERVAL_MS),
        );
        expect(now).toBeLessThanOrEqual(Math.max(MAX_RECONCILE_INTERVAL_MS, window + ACCEPTANCE_GRACE_MS));
        expect(now).toBeGreaterThan(0);
      }),
    );
  });
});

describe('settledStatus: a line’s end status from S-360’s answer', () => {
  it('the status asked for, or the other one on a conflict', () => {
    expect(settledStatus('CONFIRMED', 'settled')).toBe('CONFIRMED');
    expect(settledStatus('CANCELLED', 'unchanged')).toBe('CANCELLED');
    expect(settledStatus('CONFIRMED', 'conflict')).toBe('CANCELLED');
    expect(settledStatus('CANCELLED', 'conflict')).toBe('CONFIRMED');
  });
});
