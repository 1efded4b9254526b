/**
 * Which of two TIXNGO changes of one ticket is the newer (SPEC §10: "the newest statusChangedAt
 * wins"), as one rule for a page's duplicates (mobileUpdate.ts) and for S-360's conditional write
 * (the simulator applies the same rule in SQL: src/sim/s360/tickets.ts).
 *
 * TIXNGO's times are often whole seconds, so two changes of one ticket can share one: a ticket
 * activated and then controlled at a gate within the same second. Then the status further along the
 * ticket's lifecycle is the newer, in SPEC §3's order over time (Printed: INJECTED → DOWNLOADED →
 * ASSIGNED → PENDING_TRANSFER → FAILURE_TRANSFER or TRANSFERRED → XXX_ACTIVATED; Controlled:
 * XYZ_ACTIVATED, then CONTROLLED; Invalidated: DELETION_PENDING, then DELETED), whichever order the
 * pages or runs bring them in. At the same time and the same stage, the change held stays: a page read
 * again, or an import, changes nothing (SPEC §9: idempotent).
 */
import type { LifecycleStatus } from './lifecycleStatus';

/**
 * Each status's stage in the lifecycle, for changes at the same time. DEACTIVATED follows an
 * activation; DEFAULT is taken as initial, INVALID as unusable like DELETED (both inferred: SPEC §3
 * gives them no family); PENDING and FAILURE are the legacy and time-out names of transfer steps.
 */
export const LIFECYCLE_STAGE: Readonly<Record<LifecycleStatus, number>> = {
  DEFAULT: 0,
  INJECTED: 0,
  DOWNLOADED: 1,
  ASSIGNED: 2,
  PENDING_TRANSFER: 3,
  PENDING: 3,
  FAILURE_TRANSFER: 4,
  FAILURE: 4,
  TRANSFERRED: 4,
  BT_ACTIVATED: 5,
  MANUAL_ACTIVATED: 5,
  OFFLINE_ACTIVATED: 5,
  ONLINE_ACTIVATED: 5,
  ACTIVATED: 5,
  DEACTIVATED: 6,
  CONTROLLED: 7,
  DELETION_PENDING: 8,
  DELETED: 9,
  INVALID: 9,
};

export interface TicketChange {
  status: LifecycleStatus;
  /** RFC 3339. */
  statusChangedAt: string;
}

/** True when `candidate` is newer than `held` (no change held: true). Pure. */
export function isNewerChange(candidate: TicketChange, held: TicketChange | undefined): boolean {
  if (!held) return true;
  const difference = Date.parse(candidate.statusChangedAt) - Date.parse(held.statusChangedAt);
  if (difference !== 0) return difference > 0;
  return LIFECYCLE_STAGE[candidate.status] > LIFECYCLE_STAGE[held.status];
}

/**
 * The SQL expression of a status column's stage (LIFECYCLE_STAGE), for a store that compares in its
 * own query; -1 for a status not in the table. The statuses are this module's constants, not input.
 */
export function lifecycleStageSql(column: string): string {
  const cases = Object.entries(LIFECYCLE_STAGE)
    .map(([status, stage]) => `WHEN '${status}' THEN ${stage}`)
    .join(' ');
  return `(CASE ${column} ${cases} ELSE -1 END)`;
}
