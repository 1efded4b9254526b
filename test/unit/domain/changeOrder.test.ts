import fc from 'fast-check';
import { isNewerChange, LIFECYCLE_STAGE } from '../../../src/domain/changeOrder';
import { LIFECYCLE_STATUSES } from '../../../src/domain/lifecycleStatus';
import { newestChangePerTicket, type MobileUpdate } from '../../../src/domain/mobileUpdate';

const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, second)).toISOString();
const change = (status: (typeof LIFECYCLE_STATUSES)[number], second: number) => ({
  status,
  statusChangedAt: at(second),
});

describe('isNewerChange: the newest statusChangedAt, then the lifecycle stage (SPEC §3, §10)', () => {
  it('a later time wins whatever the status; at the same time the later stage; same time and stage: the held one stays', () => {
    expect(isNewerChange(change('INJECTED', 6), change('CONTROLLED', 5))).toBe(true);
    expect(isNewerChange(change('CONTROLLED', 5), change('ACTIVATED', 5))).toBe(true);
    expect(isNewerChange(change('ACTIVATED', 5), change('CONTROLLED', 5))).toBe(false);
    expect(isNewerChange(change('ONLINE_ACTIVATED', 5), change('ACTIVATED', 5))).toBe(false);
    expect(isNewerChange(change('DELETED', 5), change('DELETION_PENDING', 5))).toBe(true);
    expect(isNewerChange(change('INJECTED', 5), undefined)).toBe(true);
  });

  it('gives every status a stage', () => {
    expect(Object.keys(LIFECYCLE_STAGE).sort()).toEqual([...LIFECYCLE_STATUSES].sort());
  });

  it('a page keeps the same change in any order, unless two share their time and stage (property)', () => {
    const update = fc.record({
      status: fc.constantFrom(...LIFECYCLE_STATUSES.filter((status) => status !== 'PENDING')),
      second: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(update, {
          minLength: 1,
          maxLength: 8,
          selector: (u) => `${u.second}:${LIFECYCLE_STAGE[u.status]}`,
        }),
        fc.func(fc.integer()),
        (updates, key) => {
          const rows: MobileUpdate[] = updates.map((u) => ({
            ticketId: 'T-1',
            mobileStatus: u.status,
            statusChangedAt: at(u.second),
          }));
          const shuffled = [...rows].sort(
            (a, b) => key(a.mobileStatus + a.statusChangedAt) - key(b.mobileStatus + b.statusChangedAt),
          );
          expect(newestChangePerTicket(shuffled).newest).toEqual(newestChangePerTicket(rows).newest);
        },
      ),
    );
  });
});
