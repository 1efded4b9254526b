import { z } from 'zod';
import { isTransferStatus, type LifecycleStatus, type TransferStatus } from './lifecycleStatus';

/** The only action the feedback writes into a ticket's distribution history (SPEC §8). */
export const DISTRIBUTION_ACTIONS = ['Distribute'] as const;
export const DistributionAction = z.enum(DISTRIBUTION_ACTIONS);
export type DistributionAction = z.infer<typeof DistributionAction>;

export const DISTRIBUTION_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const;
export const DistributionStatus = z.enum(DISTRIBUTION_STATUSES);
export type DistributionStatus = z.infer<typeof DistributionStatus>;

export const FinalDistributionStatus = z.enum(['CONFIRMED', 'CANCELLED']);
export type FinalDistributionStatus = z.infer<typeof FinalDistributionStatus>;

/** Who S-360 shows as the author of the lines the feedback writes. */
export const FEEDBACK_AUTHOR = 'TIXNGO feedback';

export interface DistributionOutcome {
  /** Whose cultural contact the ticket carries afterwards. */
  culturalContact: 'sender' | 'recipient';
  action: DistributionAction;
  status: DistributionStatus;
}

/**
 * SPEC §8, row by row: old contact = the sender's cultural contact, new contact = the recipient's,
 * always. PENDING is the legacy name of PENDING_TRANSFER; FAILURE (organizer time-out) is treated
 * like FAILURE_TRANSFER (SPEC §11).
 */
export const DISTRIBUTION_BY_STATUS = {
  PENDING_TRANSFER: { culturalContact: 'sender', action: 'Distribute', status: 'PENDING' },
  PENDING: { culturalContact: 'sender', action: 'Distribute', status: 'PENDING' },
  FAILURE_TRANSFER: { culturalContact: 'sender', action: 'Distribute', status: 'CANCELLED' },
  FAILURE: { culturalContact: 'sender', action: 'Distribute', status: 'CANCELLED' },
  TRANSFERRED: { culturalContact: 'recipient', action: 'Distribute', status: 'CONFIRMED' },
} as const satisfies Record<TransferStatus, DistributionOutcome>;

/** The distribution a TIXNGO status calls for, or undefined when the status is not a transfer step. */
export function distributionOutcome(status: LifecycleStatus): DistributionOutcome | undefined {
  return isTransferStatus(status) ? DISTRIBUTION_BY_STATUS[status] : undefined;
}

/** What settling a line does: move it, leave it (already there), or refuse (never back, never across). */
export type SettleDecision = 'settle' | 'unchanged' | 'conflict';

/** PENDING → CONFIRMED or CANCELLED, once; asking again for the same final status is a no-op. */
export const SETTLE_RULES = {
  PENDING: { CONFIRMED: 'settle', CANCELLED: 'settle' },
  CONFIRMED: { CONFIRMED: 'unchanged', CANCELLED: 'conflict' },
  CANCELLED: { CONFIRMED: 'conflict', CANCELLED: 'unchanged' },
} as const satisfies Record<DistributionStatus, Record<FinalDistributionStatus, SettleDecision>>;

export function settleDecision(current: DistributionStatus, target: FinalDistributionStatus): SettleDecision {
  return SETTLE_RULES[current][target];
}
