import { ChangeLog, InvalidPaginationKeyError } from '../../../src/sim/tixngo/changeLog';
import { generateTickets } from '../../../src/sim/tixngo/generator';

const change = (ticketId: string, status: string, minute: number) => ({
  ticketId,
  status,
  statusChangedAt: new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString(),
});

describe('the simulator’s change log', () => {
  it('pages from an opaque key that resumes exactly where the last page stopped', () => {
    const log = new ChangeLog();
    log.append(change('A', 'INJECTED', 0), change('B', 'INJECTED', 1), change('A', 'DOWNLOADED', 2));
    const first = log.page(undefined, 2);
    expect(first.items).toHaveLength(2);
    const second = log.page(first.nextPageKey, 2);
    expect(second.items).toEqual([change('A', 'DOWNLOADED', 2)]);
    expect(log.page(second.nextPageKey, 2)).toEqual({ items: [], nextPageKey: second.nextPageKey });
  });

  it('serves explicit changes and generated volumes as one log', () => {
    const log = new ChangeLog();
    log.append(change('A', 'INJECTED', 0));
    log.appendSource(generateTickets({ count: 10, transferShare: 0, ticketPrefix: 'G-' }));
    log.append(change('G-1', 'CONTROLLED', 600));
    expect(log.size).toBe(12);
    expect(log.page(log.keyAt(10), 5).items.map((item) => (item as { ticketId: string }).ticketId)).toEqual([
      'G-9',
      'G-1',
    ]);
  });

  it('knows when a change is superseded by a later one of its ticket', () => {
    const log = new ChangeLog();
    log.append(change('A', 'INJECTED', 0));
    log.appendSource(generateTickets({ count: 3, transferShare: 0, ticketPrefix: 'G-' }));
    log.append(change('A', 'DOWNLOADED', 5), change('G-0', 'DOWNLOADED', 900));
    expect(
      [0, 1, 2, 3, 4, 5].map((index) =>
        log.isSuperseded(index, (log.at(index) as { ticketId: string }).ticketId),
      ),
    ).toEqual([true, true, false, false, false, false]);
  });

  it('gives a ticket’s current state by TIXNGO change time, not by arrival', () => {
    const log = new ChangeLog();
    log.append(change('A', 'TRANSFERRED', 10), change('A', 'PENDING_TRANSFER', 5));
    expect(log.current('A')).toEqual(change('A', 'TRANSFERRED', 10));
    log.append(change('A', 'ONLINE_ACTIVATED', 10));
    expect(log.current('A')).toEqual(change('A', 'ONLINE_ACTIVATED', 10));
    expect(log.current('nobody')).toBeUndefined();
  });

  it.each(['nope', Buffer.from('{"o":-1}').toString('base64url'), Buffer.from('[]').toString('base64url')])(
    'refuses a pagination key it never gave (%s)',
    (key) => {
      expect(() => new ChangeLog().page(key, 10)).toThrow(InvalidPaginationKeyError);
    },
  );

  it('forgets everything on clear()', () => {
    const log = new ChangeLog();
    log.append(change('A', 'INJECTED', 0));
    log.clear();
    expect(log.size).toBe(0);
    expect(log.current('A')).toBeUndefined();
  });
});
