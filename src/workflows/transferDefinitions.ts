import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TransferEvent } from '../domain/transferEvent';

export interface TransferWorkflowInput {
  /** The step that started this workflow. */
  event: TransferEvent;
  /** The organizer's acceptance window (SPEC §8: 1 hour by default). */
  acceptanceWindowMs: number;
}

export interface TransferResult {
  organizerId: string;
  ticketId: string;
  transferKey: string;
  /** The last status seen, which settled the transfer (or PENDING_TRANSFER if it never settled). */
  status: TransferEvent['status'];
  events: number;
}

/** A later step of the same transfer, sent by the feedback workflow. */
export const transferEventSignal = defineSignal<[TransferEvent]>('transferEvent');
export const transferStateQuery = defineQuery<TransferResult>('state');
