import {
  familyOf,
  isActivationStatus,
  isDeletionStatus,
  isLifecycleStatus,
  isTerminalTransferStatus,
  isTransferStatus,
  LIFECYCLE_STATUSES,
  LifecycleStatus,
  normalizeStatus,
  STATUS_FAMILY,
  statusesOf,
  transferStepOf,
  type StatusFamily,
} from '../../../src/domain/lifecycleStatus';
import {
  isExpectedMobileStatus,
  MOBILE_STATUSES_BY_TICKET_STATE,
  S360_TICKET_STATES,
} from '../../../src/domain/s360TicketState';

describe('the 19 TIXNGO lifecycle statuses (SPEC §3)', () => {
  it('lists 19 statuses, though the source says "18"', () => {
    expect(LIFECYCLE_STATUSES).toHaveLength(19);
    expect(new Set(LIFECYCLE_STATUSES).size).toBe(19);
  });

  // status, family, read as
  it.each<[string, StatusFamily, string]>([
    ['INJECTED', 'initial-delivery', 'INJECTED'],
    ['DOWNLOADED', 'initial-delivery', 'DOWNLOADED'],
    ['ASSIGNED', 'initial-delivery', 'ASSIGNED'],
    ['PENDING_TRANSFER', 'transfer', 'PENDING_TRANSFER'],
    ['TRANSFERRED', 'transfer', 'TRANSFERRED'],
    ['FAILURE_TRANSFER', 'transfer', 'FAILURE_TRANSFER'],
    ['BT_ACTIVATED', 'activation', 'BT_ACTIVATED'],
    ['MANUAL_ACTIVATED', 'activation', 'MANUAL_ACTIVATED'],
    ['OFFLINE_ACTIVATED', 'activation', 'OFFLINE_ACTIVATED'],
    ['ONLINE_ACTIVATED', 'activation', 'ONLINE_ACTIVATED'],
    ['ACTIVATED', 'activation', 'ACTIVATED'],
    ['DEACTIVATED', 'activation', 'DEACTIVATED'],
    ['CONTROLLED', 'control', 'CONTROLLED'],
    ['DELETION_PENDING', 'deletion', 'DELETION_PENDING'],
    ['DELETED', 'deletion', 'DELETED'],
    ['DEFAULT', 'technical', 'DEFAULT'],
    ['INVALID', 'technical', 'INVALID'],
    ['PENDING', 'transfer', 'PENDING_TRANSFER'],
    ['FAILURE', 'transfer', 'FAILURE'],
  ])('%s is accepted, is in the %s family and is read as %s', (status, family, readAs) => {
    const parsed = LifecycleStatus.parse(status);
    expect(isLifecycleStatus(status)).toBe(true);
    expect(familyOf(parsed)).toBe(family);
    expect(normalizeStatus(parsed)).toBe(readAs);
  });

  it('gives every status exactly one family', () => {
    expect(Object.keys(STATUS_FAMILY).sort()).toEqual([...LIFECYCLE_STATUSES].sort());
  });

  it.each<[StatusFamily, string[]]>([
    ['initial-delivery', ['INJECTED', 'DOWNLOADED', 'ASSIGNED']],
    ['transfer', ['PENDING_TRANSFER', 'FAILURE_TRANSFER', 'TRANSFERRED', 'PENDING', 'FAILURE']],
    [
      'activation',
      [
        'BT_ACTIVATED',
        'MANUAL_ACTIVATED',
        'OFFLINE_ACTIVATED',
        'ONLINE_ACTIVATED',
        'ACTIVATED',
        'DEACTIVATED',
      ],
    ],
    ['control', ['CONTROLLED']],
    ['deletion', ['DELETION_PENDING', 'DELETED']],
    ['technical', ['DEFAULT', 'INVALID']],
  ])('the %s family holds %j', (family, statuses) => {
    expect(statusesOf(family).sort()).toEqual([...statuses].sort());
  });

  it.each(['RECEIVED', 'TRANSFER_PENDING', 'injected', 'BURN', ''])(
    'an unknown status (%j) is bad input, named in the error',
    (status) => {
      const result = LifecycleStatus.safeParse(status);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(`unknown status ${JSON.stringify(status)}`);
      expect(isLifecycleStatus(status)).toBe(false);
    },
  );

  it('a missing status says it is required', () => {
    expect(LifecycleStatus.safeParse(undefined).error?.issues[0]?.message).toBe('status is required');
  });
});

describe('transfer statuses drive distribution (SPEC §8, §11)', () => {
  it.each([
    ['PENDING_TRANSFER', 'started', false],
    ['PENDING', 'started', false],
    ['TRANSFERRED', 'accepted', true],
    ['FAILURE_TRANSFER', 'cancelled', true],
    ['FAILURE', 'cancelled', true],
  ] as const)('%s is the transfer step "%s" (ends the transfer: %s)', (status, step, terminal) => {
    expect(isTransferStatus(status)).toBe(true);
    expect(transferStepOf(status)).toBe(step);
    expect(isTerminalTransferStatus(status)).toBe(terminal);
  });

  it('FAILURE is treated like FAILURE_TRANSFER', () => {
    expect(transferStepOf('FAILURE')).toBe(transferStepOf('FAILURE_TRANSFER'));
  });

  it.each(
    LIFECYCLE_STATUSES.filter(
      (s) => !['PENDING_TRANSFER', 'PENDING', 'TRANSFERRED', 'FAILURE_TRANSFER', 'FAILURE'].includes(s),
    ),
  )('%s is not a transfer status', (status) => {
    expect(isTransferStatus(status)).toBe(false);
    expect(transferStepOf(status)).toBeUndefined();
    expect(isTerminalTransferStatus(status)).toBe(false);
  });

  it.each(LIFECYCLE_STATUSES)('%s: activation and deletion helpers follow the family table', (status) => {
    expect(isActivationStatus(status)).toBe(STATUS_FAMILY[status] === 'activation');
    expect(isDeletionStatus(status)).toBe(STATUS_FAMILY[status] === 'deletion');
  });
});

describe('how S-360 ticket states line up with mobile statuses (SPEC §3)', () => {
  it.each([
    [
      'PRINTED',
      [
        'INJECTED',
        'DOWNLOADED',
        'ASSIGNED',
        'PENDING_TRANSFER',
        'FAILURE_TRANSFER',
        'TRANSFERRED',
        'BT_ACTIVATED',
        'MANUAL_ACTIVATED',
        'OFFLINE_ACTIVATED',
        'ONLINE_ACTIVATED',
      ],
    ],
    [
      'CONTROLLED',
      ['BT_ACTIVATED', 'MANUAL_ACTIVATED', 'OFFLINE_ACTIVATED', 'ONLINE_ACTIVATED', 'CONTROLLED'],
    ],
    ['INVALIDATED', ['DELETION_PENDING', 'DELETED']],
    ['CANCELLED', ['DELETION_PENDING', 'DELETED']],
  ] as const)('a %s ticket goes through %j', (state, statuses) => {
    expect(MOBILE_STATUSES_BY_TICKET_STATE[state]).toEqual(statuses);
    for (const status of LIFECYCLE_STATUSES) {
      expect(isExpectedMobileStatus(state, status)).toBe((statuses as readonly string[]).includes(status));
    }
  });

  it('covers every S-360 state', () => {
    expect(Object.keys(MOBILE_STATUSES_BY_TICKET_STATE).sort()).toEqual([...S360_TICKET_STATES].sort());
  });
});
