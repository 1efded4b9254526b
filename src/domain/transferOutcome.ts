/**
 * How a transfer ends (SPEC §8, §11), as pure decisions the transfer workflow and its activities
 * share: from a TIXNGO status, from a newer transfer of the same ticket, or from TIXNGO's current
 * state of the ticket when nothing came within the acceptance window.
 */
import type { DiffItem } from './diffItem';
import { DISTRIBUTION_BY_STATUS, type FinalDistributionStatus } from './distribution';
import { normalizeStatus, familyOf } from './lifecycleStatus';
import { normalizeEmail } from './contact';
import type { TransferEventStatus } from './transferEvent';

/** A transfer's final distribution status for a TIXNGO status, or undefined while it is pending. */
export function finalStatusOf(status: TransferEventStatus): FinalDistributionStatus | undefined {
  const outcome = DISTRIBUTION_BY_STATUS[status].status;
  return outcome === 'PENDING' ? undefined : outcome;
}

/**
 * A newer transfer of the same ticket started while an older one was still open: the older one was
 * accepted if its recipient is the newer one's sender (SPEC §10: intermediate statuses may never be
 * seen): true, CONFIRMED at once. Otherwise the newer line decides nothing: the older one may
 * have been cancelled, or accepted and the ticket sent back through transfers not read yet (one page
 * may carry a ticket's newer transfer before the one between them: A → B pending, then B → A and
 * A → B in the next pages, read in that order). A line never goes back, so the older one stays
 * PENDING until TIXNGO's word on it: its own outcome, a transfer from its recipient, or TIXNGO's
 * answer when asked after the acceptance window (reconciledStatus; SPEC §8: TIXNGO decides).
 */
export function confirmsOlder(
  older: { newContactId: number },
  newer: { oldContactId: number | null },
): boolean {
  return newer.oldContactId !== null && newer.oldContactId === older.newContactId;
}

export type ReconciledStatus = FinalDistributionStatus | 'PENDING';

/**
 * What TIXNGO's current state of the ticket says of a transfer that got no outcome in time:
 * its own transfer still pending → PENDING; its own transfer settled → that outcome; otherwise the
 * ticket moved on: accepted if the recipient owns it (or sent it on), else cancelled.
 * `sameTransfer`: the current state's transfer data is this transfer (keys are computed on the
 * worker: src/activities/transferKeys.ts, isSameTransfer).
 */
export function reconciledStatus(
  transfer: { recipientEmail: string },
  current: DiffItem | null,
  sameTransfer: boolean,
): ReconciledStatus {
  if (!current) return 'CANCELLED';
  const status = normalizeStatus(current.status);
  const recipient = normalizeEmail(transfer.recipientEmail);
  if (
    sameTransfer &&
    (status === 'PENDING_TRANSFER' ||
      status === 'TRANSFERRED' ||
      status === 'FAILURE_TRANSFER' ||
      status === 'FAILURE')
  ) {
    return status === 'PENDING_TRANSFER' ? 'PENDING' : (finalStatusOf(status) ?? 'CANCELLED');
  }
  if (current.transfer && normalizeEmail(current.transfer.senderEmail) === recipient) return 'CONFIRMED';
  const owner = current.spectatorDetails?.email;
  if (owner && normalizeEmail(owner) === recipient && familyOf(status) !== 'deletion') return 'CONFIRMED';
  return 'CANCELLED';
}

/** A feedback distribution line as the neighbour rule needs it (src/s360/gateway.ts, DistributionLine). */
export interface TransferLine {
  lineId: number;
  occurredAt: string;
  transferId: string | null;
}

/**
 * A transfer line's neighbours among the ticket's transfer lines (those with a transferId; others
 * are S-360's own), in time order (occurredAt, then lineId): the transfer just before it, whose fate
 * this one decides, and the one just after it, which decides this one's (SPEC §8: one ticket's
 * transfers apply in TIXNGO's order; issue 14). Both found the same whichever line was written first.
 */
export function adjacentTransfers<T extends TransferLine>(
  lines: readonly T[],
  line: TransferLine,
): { before?: T; after?: T } {
  const order = (a: TransferLine, b: TransferLine): number =>
    Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.lineId - b.lineId;
  const others = lines.filter((other) => other.transferId && other.lineId !== line.lineId);
  let before: T | undefined;
  let after: T | undefined;
  for (const other of others) {
    if (order(other, line) < 0) {
      if (!before || order(other, before) > 0) before = other;
    } else if (!after || order(other, after) < 0) after = other;
  }
  return { before, after };
}

/** After the acceptance window, how long at most to wait for TIXNGO's own time-out to show before asking it. */
export const ACCEPTANCE_GRACE_MS = 10 * 60 * 1000;
/** The longest interval between two questions to TIXNGO about a transfer it shows as pending. */
export const MAX_RECONCILE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * How long to wait before asking TIXNGO about a pending transfer for the `asked`+1-th time, in ms
 * (issue 14: TIXNGO decides, we never cancel on our own): first the acceptance window plus a grace
 * period (a sixth of the window, at most ACCEPTANCE_GRACE_MS: 10 minutes for the 1-hour window of
 * SPEC §8), then twice the window, doubling each time, at most MAX_RECONCILE_INTERVAL_MS (a day).
 */
export function reconcileDelayMs(asked: number, acceptanceWindowMs: number): number {
  if (asked <= 0)
    return acceptanceWindowMs + Math.min(ACCEPTANCE_GRACE_MS, Math.floor(acceptanceWindowMs / 6));
  return Math.min(MAX_RECONCILE_INTERVAL_MS, acceptanceWindowMs * 2 ** Math.min(asked, 40));
}

/** A line's end status once S-360 answered a settle: `conflict` means it holds the other final status. */
export function settledStatus(
  wanted: FinalDistributionStatus,
  outcome: 'settled' | 'unchanged' | 'conflict',
): FinalDistributionStatus {
  if (outcome !== 'conflict') return wanted;
  return wanted === 'CONFIRMED' ? 'CANCELLED' : 'CONFIRMED';
}
