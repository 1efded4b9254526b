import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from './ids';
import { ORGANIZER_ID, TICKET_ID, TRANSFER_STATUS } from './searchAttributes';
import { transferWorkflow } from './transfer';
import { transferEventSignal } from './transferDefinitions';

/**
 * Gives one transfer step to its transfer workflow: starts it (awaited, so it starts even if this
 * run ends right after), or signals it when it is already running; if it ended in between, starts
 * a new one that settles from the event.
 */
async function handOff(event: TransferEvent, acceptanceWindowMs: number): Promise<void> {
  const workflowId = transferWorkflowId(event.organizerId, event.ticketId, event.transferKey);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await startChild(transferWorkflow, {
        workflowId,
        args: [{ event, acceptanceWindowMs }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: ORGANIZER_ID, value: event.organizerId },
          { key: TICKET_ID, value: event.ticketId },
          { key: TRANSFER_STATUS, value: event.status },
        ],
      });
      return;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    try {
      await getExternalWorkflowHandle(workflowId).signal(transferEventSignal, event);
      return;
    } catch {
      // It closed between the start attempt and the signal: start a new one.
    }
  }
  throw new Error(`Could not hand transfer step ${event.status} to ${workflowId} after 3 attempts`);
}

/**
 * Hands a page's transfer steps off: steps of one transfer in order, different transfers at once
 * (their starts go to the server together, in one workflow task).
 */
export async function handOffTransfers(
  events: readonly TransferEvent[],
  acceptanceWindowMs: number,
): Promise<void> {
  const byTransfer = new Map<string, TransferEvent[]>();
  for (const event of events) {
    const id = transferWorkflowId(event.organizerId, event.ticketId, event.transferKey);
    byTransfer.set(id, [...(byTransfer.get(id) ?? []), event]);
  }
  await Promise.all(
    [...byTransfer.values()].map(async (steps) => {
      const ordered = [...steps].sort(
        (a, b) => Date.parse(a.statusChangedAt) - Date.parse(b.statusChangedAt),
      );
      for (const step of ordered) await handOff(step, acceptanceWindowMs);
    }),
  );
}
