import { validateDiffItems, type DiffItem } from '../../../src/domain/diffItem';
import { ChangeLog } from '../../../src/sim/tixngo/changeLog';
import { generateTickets } from '../../../src/sim/tixngo/generator';

function all(source: { size: number; at(index: number): unknown }): unknown[] {
  return Array.from({ length: source.size }, (_, index) => source.at(index));
}

describe('the volume generator', () => {
  it('is deterministic: same seed, same changes; another seed, other changes', () => {
    const a = all(generateTickets({ count: 500, transferShare: 0.3, seed: 5 }));
    const b = all(generateTickets({ count: 500, transferShare: 0.3, seed: 5 }));
    const c = all(generateTickets({ count: 500, transferShare: 0.3, seed: 6 }));
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it.each([
    [1_000, 0, 1_000],
    [1_000, 0.2, 1_400],
    [1_000, 1, 3_000],
    [1, 1, 3],
    [0, 0.5, 0],
  ])('%i tickets with a transfer share of %s make %i changes', (count, transferShare, size) => {
    const source = generateTickets({ count, transferShare });
    expect(source.size).toBe(size);
    expect(source.tickets).toBe(count);
  });

  it('makes 100 000 tickets, a quarter of them transferred, in time order, valid (checked on a sample)', () => {
    const source = generateTickets({ count: 100_000, transferShare: 0.25, seed: 42 });
    expect(source.size).toBe(150_000);
    const items = all(source) as DiffItem[];
    const byStatus = new Map<string, number>();
    let previous = '';
    let outOfOrder = 0;
    for (const item of items) {
      byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
      if (!(item.statusChangedAt > previous)) outOfOrder += 1;
      previous = item.statusChangedAt;
    }
    expect(outOfOrder).toBe(0);
    expect(validateDiffItems(items.filter((_, index) => index % 10 === 0)).rejected).toEqual([]);
    expect(byStatus.get('PENDING_TRANSFER')).toBe(25_000);
    const settled = ['TRANSFERRED', 'FAILURE_TRANSFER', 'FAILURE'].map((s) => byStatus.get(s) ?? 0);
    expect(settled.reduce((sum, n) => sum + n, 0)).toBe(25_000);
    expect(settled.every((n) => n > 0)).toBe(true);
    // Every ticket's first change is its delivery.
    const firsts = new Map<string, string>();
    for (const item of items) if (!firsts.has(item.ticketId)) firsts.set(item.ticketId, item.status);
    expect(firsts.size).toBe(100_000);
    expect(new Set(firsts.values())).toEqual(new Set(['INJECTED', 'DOWNLOADED', 'ASSIGNED']));
  });

  it.each([0.5, 0.7])(
    'tells each transfer’s story right (transfer share %s): sender, then recipient as the new owner',
    (transferShare) => {
      const source = generateTickets({ count: 200, transferShare, acceptedShare: 1, seed: 3 });
      const items = validateDiffItems(all(source)).valid;
      const byTicket = new Map<string, DiffItem[]>();
      for (const item of items) byTicket.set(item.ticketId, [...(byTicket.get(item.ticketId) ?? []), item]);
      const transferred = [...byTicket.values()].filter((story) => story.length === 3);
      expect(transferred).toHaveLength(200 * transferShare);
      for (const [delivery, pending, done] of transferred) {
        expect(pending?.status).toBe('PENDING_TRANSFER');
        expect(done?.status).toBe('TRANSFERRED');
        expect(pending?.transfer?.recipientEmail).toBe(done?.spectatorDetails?.email);
        expect(done?.transfer?.id).toBe(pending?.transfer?.id);
        if (delivery?.status !== 'INJECTED') {
          expect(pending?.transfer?.senderEmail).toBe(delivery?.spectatorDetails?.email);
        }
      }
    },
  );

  it.each([0.4, 0.8])(
    'knows each ticket’s last change without scanning (transfer share %s)',
    (transferShare) => {
      const source = generateTickets({ count: 300, transferShare, seed: 9 });
      const last = new Map<string, number>();
      all(source).forEach((item, index) => last.set((item as DiffItem).ticketId, index));
      for (const [ticketId, index] of last) expect(source.lastIndexOf(ticketId)).toBe(index);
      expect(source.lastIndexOf('GEN9-999')).toBeUndefined();
      expect(source.lastIndexOf('OTHER-001')).toBeUndefined();
    },
  );

  /** The bench's volume for `items` diff items, a tenth of them transfer steps (bench/harness.ts volumeFor). */
  const benchVolume = (items: number) => {
    const transfers = Math.round((items * 0.1) / 2);
    const tickets = items - 2 * transfers;
    return generateTickets({ count: tickets, transferShare: transfers / tickets, seed: 1 });
  };

  /** Per transfer: where its PENDING_TRANSFER and its outcome are; the most transfers open at once. */
  function transferShape(items: DiffItem[], pageSize: number) {
    const pendingAt = new Map<string, number>();
    let later = 0;
    let settled = 0;
    let open = 0;
    let mostOpen = 0;
    items.forEach((item, index) => {
      if (item.status === 'PENDING_TRANSFER') {
        pendingAt.set(item.ticketId, index);
        mostOpen = Math.max(mostOpen, (open += 1));
      } else if (pendingAt.has(item.ticketId)) {
        const pending = pendingAt.get(item.ticketId) as number;
        if (Math.floor(index / pageSize) > Math.floor(pending / pageSize)) later += 1;
        settled += 1;
        open -= 1;
      }
    });
    return { laterPageShare: later / settled, settled, mostOpen };
  }

  it('gives transfers the same shape at every size: as many outcomes in a later page, as many open at once', () => {
    const small = transferShape(all(benchVolume(10_000)) as DiffItem[], 1_000);
    const large = transferShape(all(benchVolume(100_000)) as DiffItem[], 1_000);
    expect([small.settled, large.settled]).toEqual([500, 5_000]);
    // Some outcomes come with their PENDING_TRANSFER, some pages later: both paths at every size.
    expect(small.laterPageShare).toBeGreaterThan(0.2);
    expect(small.laterPageShare).toBeLessThan(0.8);
    expect(Math.abs(large.laterPageShare - small.laterPageShare)).toBeLessThan(0.05);
    // Open transfers do not grow with the volume.
    expect(large.mostOpen).toBe(small.mostOpen);
  });

  it('spreads transfer steps over the whole volume: every page holds about a tenth', () => {
    const items = all(benchVolume(100_000)) as DiffItem[];
    // The first page has no outcomes yet, the last the last outcomes: the pages between.
    for (let page = 1; page < 99; page += 1) {
      const steps = items
        .slice(page * 1_000, (page + 1) * 1_000)
        .filter(
          (item) => item.status !== 'INJECTED' && item.status !== 'DOWNLOADED' && item.status !== 'ASSIGNED',
        );
      expect(steps.length).toBeGreaterThanOrEqual(80);
      expect(steps.length).toBeLessThanOrEqual(120);
    }
  });

  it('holds no changes in memory: a million tickets cost nothing until read', () => {
    const log = new ChangeLog();
    log.appendSource(generateTickets({ count: 1_000_000, transferShare: 0.1 }));
    expect(log.size).toBe(1_200_000);
    expect(log.at(1_199_999)).toMatchObject({ statusChangedAt: expect.any(String) });
  });

  it.each([
    { count: -1 },
    { count: 1.5 },
    { count: 10, transferShare: 2 },
    { count: 1, startAt: 'never' },
    { count: 10, outcomeAfter: -1 },
    { count: 10, pendingAfter: 0.5 },
  ])('refuses %j', (options) => {
    expect(() => generateTickets(options)).toThrow(RangeError);
  });
});
