import type { LifecycleStatus } from './lifecycleStatus';

/** S-360 ticket states that a TIXNGO ticket can be in (SPEC §3, second table). */
export const S360_TICKET_STATES = ['PRINTED', 'CONTROLLED', 'INVALIDATED', 'CANCELLED'] as const;
export type S360TicketState = (typeof S360_TICKET_STATES)[number];

const ACTIVATED = ['BT_ACTIVATED', 'MANUAL_ACTIVATED', 'OFFLINE_ACTIVATED', 'ONLINE_ACTIVATED'] as const;
const DELETION = ['DELETION_PENDING', 'DELETED'] as const;

/**
 * The mobile statuses each S-360 ticket state goes through, in order (SPEC §3): a printed ticket is
 * injected, downloaded, assigned, maybe transferred, then activated; a controlled one shows its
 * activation until TIXNGO reports the control; an invalidated or cancelled one that was in TIXNGO
 * is deleted. The feedback never changes the S-360 state: this table only says what is expected.
 */
export const MOBILE_STATUSES_BY_TICKET_STATE = {
  PRINTED: [
    'INJECTED',
    'DOWNLOADED',
    'ASSIGNED',
    'PENDING_TRANSFER',
    'FAILURE_TRANSFER',
    'TRANSFERRED',
    ...ACTIVATED,
  ],
  CONTROLLED: [...ACTIVATED, 'CONTROLLED'],
  INVALIDATED: [...DELETION],
  CANCELLED: [...DELETION],
} as const satisfies Record<S360TicketState, readonly LifecycleStatus[]>;

/** True when a mobile status is one S-360 expects for a ticket in that state. */
export function isExpectedMobileStatus(state: S360TicketState, status: LifecycleStatus): boolean {
  return (MOBILE_STATUSES_BY_TICKET_STATE[state] as readonly LifecycleStatus[]).includes(status);
}
