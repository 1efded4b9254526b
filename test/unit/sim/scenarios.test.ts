import { validateDiffItems } from '../../../src/domain/diffItem';
import { LIFECYCLE_STATUSES } from '../../../src/domain/lifecycleStatus';
import { SCENARIO_NAMES, SCENARIOS, scenarioChanges } from '../../../src/sim/tixngo/scenarios';

const statusesOf = (name: (typeof SCENARIO_NAMES)[number]): string[] =>
  scenarioChanges(name).map((item) => item.status);

describe('scripted scenarios', () => {
  it.each(SCENARIO_NAMES)('%s: every change is a valid diff item, in time order', (name) => {
    const changes = scenarioChanges(name);
    expect(validateDiffItems(changes).rejected).toEqual([]);
    const times = changes.map((item) => item.statusChangedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('event day uses every one of the 19 statuses', () => {
    expect(new Set(statusesOf('event-day'))).toEqual(new Set(LIFECYCLE_STATUSES));
  });

  it.each([
    ['injection', ['INJECTED']],
    ['download', ['INJECTED', 'DOWNLOADED']],
    ['assignment', ['INJECTED', 'DOWNLOADED', 'ASSIGNED']],
    ['transfer-accepted', ['INJECTED', 'DOWNLOADED', 'PENDING_TRANSFER', 'TRANSFERRED']],
    ['transfer-rejected', ['INJECTED', 'DOWNLOADED', 'PENDING_TRANSFER', 'FAILURE_TRANSFER']],
    ['transfer-cancelled', ['INJECTED', 'DOWNLOADED', 'PENDING_TRANSFER', 'FAILURE_TRANSFER']],
    ['transfer-expired', ['INJECTED', 'DOWNLOADED', 'PENDING_TRANSFER', 'FAILURE']],
    ['legacy-pending', ['INJECTED', 'DOWNLOADED', 'PENDING', 'TRANSFERRED']],
    [
      'sent-back',
      ['INJECTED', 'DOWNLOADED', 'PENDING_TRANSFER', 'TRANSFERRED', 'PENDING_TRANSFER', 'TRANSFERRED'],
    ],
    ['bounce', ['INJECTED', 'DOWNLOADED', 'PENDING_TRANSFER', 'TRANSFERRED', 'PENDING_TRANSFER']],
    ['control', ['INJECTED', 'DOWNLOADED', 'ONLINE_ACTIVATED', 'CONTROLLED']],
    ['deletion', ['INJECTED', 'DOWNLOADED', 'DELETION_PENDING', 'DELETED']],
  ] as const)('%s goes %j', (name, statuses) => {
    expect(statusesOf(name)).toEqual(statuses);
  });

  it('activation covers each method', () => {
    expect(
      statusesOf('activation')
        .filter((s) => s.endsWith('_ACTIVATED'))
        .sort(),
    ).toEqual(['BT_ACTIVATED', 'MANUAL_ACTIVATED', 'OFFLINE_ACTIVATED', 'ONLINE_ACTIVATED']);
  });

  it('while PENDING_TRANSFER the owner is the sender; on TRANSFERRED it is the recipient', () => {
    const [, downloaded, pending, transferred] = scenarioChanges('transfer-accepted');
    expect(downloaded?.spectatorDetails?.firstName).toBe('Anna');
    expect(pending?.spectatorDetails?.firstName).toBe('Anna');
    expect(pending?.transfer).toEqual({
      id: 'TR-TRA-1',
      senderEmail: 'anna.meier@example.org',
      recipientEmail: 'carla.rossi@example.org',
      initiatedAt: pending?.statusChangedAt,
    });
    expect(transferred?.spectatorDetails?.firstName).toBe('Carla');
    expect(transferred?.transfer?.initiatedAt).toBe(pending?.statusChangedAt);
  });

  it('A → B → A ends with the first owner, through two transfers', () => {
    const changes = scenarioChanges('sent-back');
    expect(changes.map((item) => item.spectatorDetails?.firstName)).toEqual([
      undefined,
      'Anna',
      'Anna',
      'Ben',
      'Ben',
      'Anna',
    ]);
    expect(new Set(changes.map((item) => item.transfer?.id).filter(Boolean))).toEqual(
      new Set(['TR-BACK-1', 'TR-BACK-2']),
    );
  });

  it('an expired transfer ends more than the 1-hour acceptance window after it started', () => {
    const [pending, failed] = scenarioChanges('transfer-expired').slice(-2);
    expect(
      Date.parse(failed?.statusChangedAt ?? '') - Date.parse(pending?.statusChangedAt ?? ''),
    ).toBeGreaterThan(3_600_000);
  });

  it('a prefix and a start time let the same scenario run twice side by side', () => {
    const later = scenarioChanges('download', { prefix: 'R2-', startAt: '2026-12-01T10:00:00Z' });
    expect(later[0]).toMatchObject({
      ticketId: 'R2-DL-1',
      taxNumber: '2200000000002',
      statusChangedAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('every scenario has a description and tells each ticket’s story', () => {
    for (const scenario of Object.values(SCENARIOS)) {
      expect(scenario.description).not.toBe('');
      for (const ticket of scenario.tickets) expect(ticket.story).not.toBe('');
    }
  });
});
