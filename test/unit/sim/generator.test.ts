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
    expect(new Set(items.slice(0, 100_000).map((item) => item.ticketId)).size).toBe(100_000);
  });

  it('tells each transfer’s story right: sender, then recipient as the new owner', () => {
    const source = generateTickets({ count: 200, transferShare: 0.5, acceptedShare: 1, seed: 3 });
    const items = validateDiffItems(all(source)).valid;
    const byTicket = new Map<string, DiffItem[]>();
    for (const item of items) byTicket.set(item.ticketId, [...(byTicket.get(item.ticketId) ?? []), item]);
    const transferred = [...byTicket.values()].filter((story) => story.length === 3);
    expect(transferred).toHaveLength(100);
    for (const [delivery, pending, done] of transferred) {
      expect(pending?.status).toBe('PENDING_TRANSFER');
      expect(done?.status).toBe('TRANSFERRED');
      expect(pending?.transfer?.recipientEmail).toBe(done?.spectatorDetails?.email);
      expect(done?.transfer?.id).toBe(pending?.transfer?.id);
      if (delivery?.status !== 'INJECTED') {
        expect(pending?.transfer?.senderEmail).toBe(delivery?.spectatorDetails?.email);
      }
    }
  });

  it('knows each ticket’s last change without scanning (for the ticket endpoint)', () => {
    const source = generateTickets({ count: 300, transferShare: 0.4, seed: 9 });
    const last = new Map<string, number>();
    all(source).forEach((item, index) => last.set((item as DiffItem).ticketId, index));
    for (const [ticketId, index] of last) expect(source.lastIndexOf(ticketId)).toBe(index);
    expect(source.lastIndexOf('GEN9-999')).toBeUndefined();
    expect(source.lastIndexOf('OTHER-001')).toBeUndefined();
  });

  it('holds no changes in memory: a million tickets cost nothing until read', () => {
    const log = new ChangeLog();
    log.appendSource(generateTickets({ count: 1_000_000, transferShare: 0.1 }));
    expect(log.size).toBe(1_200_000);
    expect(log.at(1_199_999)).toMatchObject({ statusChangedAt: expect.any(String) });
  });

  it.each([{ count: -1 }, { count: 1.5 }, { count: 10, transferShare: 2 }, { count: 1, startAt: 'never' }])(
    'refuses %j',
    (options) => {
      expect(() => generateTickets(options)).toThrow(RangeError);
    },
  );
});
