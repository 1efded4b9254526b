import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { FinalDistributionStatus } from '../domain/distribution';
import type { TransferEvent } from '../domain/transferEvent';

export interface TransferWorkflowInput {
  /** The step that started this workflow. */
  event: TransferEvent;
  /** The organizer's acceptance window (SPEC §8: 1 hour by default). */
  acceptanceWindowMs: number;
}

export type SettledBy = 'event' | 'newer-transfer' | 'reconciliation' | 'expired';

export interface TransferResult {
  organizerId: string;
  ticketId: string;
  transferKey: string;
  /** The last TIXNGO status seen for this transfer. */
  status: TransferEvent['status'];
  /** The distribution line's end status in S-360 (PENDING only while running). */
  distribution: 'PENDING' | FinalDistributionStatus;
  settledBy?: SettledBy;
  lineId?: number;
  recipientContactId?: number;
  /** What closing did to the contact and the line (see closeTransfer). */
  contact?: string;
  line?: string;
  events: number;
}

/** A later step of the same transfer, sent by the feedback workflow. */
export const transferEventSignal = defineSignal<[TransferEvent]>('transferEvent');
/** A newer transfer of the ticket settled this one in S-360 (sent by that transfer's workflow). */
export const transferSupersededSignal =
  defineSignal<[{ byTransferKey: string; status: FinalDistributionStatus }]>('transferSuperseded');
export const transferStateQuery = defineQuery<TransferResult>('state');

/** After the acceptance window, how long to wait for TIXNGO's own time-out to show before asking it. */
export const ACCEPTANCE_GRACE_MS = 10 * 60 * 1000;
/** How many times to ask TIXNGO about a transfer it still shows as pending before calling it expired. */
export const MAX_RECONCILIATIONS = 3;
