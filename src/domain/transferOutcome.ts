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
 * A newer transfer of the same ticket started while an older one was still open: the older one
 * was accepted if its recipient is the newer one's sender, otherwise it was cancelled (SPEC §10:
 * intermediate statuses may never be seen).
 */
export function supersededStatus(
  older: { newContactId: number },
  newer: { oldContactId: number | null },
): FinalDistributionStatus {
  return newer.oldContactId !== null && newer.oldContactId === older.newContactId ? 'CONFIRMED' : 'CANCELLED';
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
