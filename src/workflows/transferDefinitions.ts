import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { FinalDistributionStatus } from '../domain/distribution';
import type { TransferEvent } from '../domain/transferEvent';

export interface TransferWorkflowInput {
  /** The step that started this workflow. */
  event: TransferEvent;
  /** The organizer's acceptance window (SPEC §8: 1 hour by default). */
  acceptanceWindowMs: number;
  /** Later steps of the same transfer already known when it starts (read in the same hand-off). */
  laterSteps?: TransferEvent[];
  /**
   * The workflow's shape, fixed for the life of an execution (so its history always replays):
   * absent = 1, ordinary activities (executions started before 2026-11-23);
   * 2 = local activities, `laterSteps`, and the TransferStatus search attribute upserted only when it changed.
   */
  shape?: typeof TRANSFER_WORKFLOW_SHAPE;
}

/** The shape the hand-off starts new transfer workflows with (see TransferWorkflowInput.shape). */
export const TRANSFER_WORKFLOW_SHAPE = 2;

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
  /** Signals refused (a payload of another shape, a step of another transfer); absent when none. */
  warnings?: string[];
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
