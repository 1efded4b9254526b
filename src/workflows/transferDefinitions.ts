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
   * Set only by the workflow itself when it continues as new while TIXNGO still shows the transfer
   * pending: its opened line, and how many times TIXNGO was asked (the interval keeps growing).
   */
  waiting?: { lineId: number; recipientContactId: number; asked: number };
}

/**
 * What settled the transfer: its own TIXNGO step, a newer transfer of the ticket, TIXNGO's answer
 * when asked, or S-360 (the line was already settled when this workflow opened it: a step read again).
 */
export type SettledBy = 'event' | 'newer-transfer' | 'reconciliation' | 'already-settled';

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
  /** How many times TIXNGO was asked about the transfer (it showed no outcome in time). */
  reconciliations?: number;
  /** Signals refused (a payload of another shape, a step of another transfer); absent when none. */
  warnings?: string[];
}

/** A later step of the same transfer, sent by the feedback workflow. */
export const transferEventSignal = defineSignal<[TransferEvent]>('transferEvent');
/**
 * Every step of the transfer read in one hand-off, in TIXNGO's order (sent with signalWithStart by
 * the handOffTransferSteps activity: a running workflow gets them; a workflow it starts gets them in
 * its input too, so steps identical to ones already considered are skipped).
 */
export const transferStepsSignal = defineSignal<[TransferEvent[]]>('transferSteps');
/** A newer transfer of the ticket settled this one in S-360 (sent by that transfer's workflow). */
export const transferSupersededSignal =
  defineSignal<[{ byTransferKey: string; status: FinalDistributionStatus }]>('transferSuperseded');
export const transferStateQuery = defineQuery<TransferResult>('state');
