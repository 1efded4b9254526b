import { executeChild } from '@temporalio/workflow';
import type { TransferEvent } from '../domain/transferEvent';
import { ORGANIZER_ID } from './searchAttributes';
import { handOffTransfers, stepsByTransfer } from './transferHandOff';

export interface TransferHandOffInput {
  /** Steps of at most TRANSFERS_PER_HAND_OFF transfers, every step of each. */
  events: TransferEvent[];
  acceptanceWindowMs: number;
}

export interface TransferHandOffResult {
  transfers: number;
  steps: number;
}

/** Transfers given to one hand-off workflow. */
export const TRANSFERS_PER_HAND_OFF = 100;

/**
 * Starts (or signals) the transfer workflows of a batch of transfer steps, as their parent, and
 * ends once every one has started. A transfer waits for its outcome up to an hour and more; as a
 * child of this short-lived workflow rather than of the organizer's feedback run, it does not
 * weigh on that run's state (a parent keeps each open child in its state, rewritten at each of
 * its events). The transfer workflows outlive it (parent-close policy ABANDON).
 */
export async function transferHandOffWorkflow(input: TransferHandOffInput): Promise<TransferHandOffResult> {
  await handOffTransfers(input.events, input.acceptanceWindowMs, true);
  const transfers = new Set(input.events.map((event) => `${event.ticketId}\u0000${event.transferKey}`));
  return { transfers: transfers.size, steps: input.events.length };
}

/**
 * The feedback run's side: splits the steps into hand-off workflows of at most
 * TRANSFERS_PER_HAND_OFF transfers (all steps of a transfer in the same one), runs them at once
 * and returns when every transfer workflow has its steps.
 */
export async function handOffInChildWorkflows(
  events: readonly TransferEvent[],
  acceptanceWindowMs: number,
  nextWorkflowId: () => string,
): Promise<void> {
  const transfers = stepsByTransfer(events);
  const batches: TransferEvent[][] = [];
  for (let from = 0; from < transfers.length; from += TRANSFERS_PER_HAND_OFF) {
    batches.push(transfers.slice(from, from + TRANSFERS_PER_HAND_OFF).flat());
  }
  await Promise.all(
    batches.map((batch) =>
      executeChild(transferHandOffWorkflow, {
        workflowId: nextWorkflowId(),
        args: [{ events: batch, acceptanceWindowMs }],
        typedSearchAttributes: [{ key: ORGANIZER_ID, value: batch[0]?.organizerId ?? '' }],
      }),
    ),
  );
}
