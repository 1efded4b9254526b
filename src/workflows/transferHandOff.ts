import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from './ids';
import { ORGANIZER_ID, TICKET_ID, TRANSFER_STATUS } from './searchAttributes';
import { transferWorkflow } from './transfer';
import { transferEventSignal } from './transferDefinitions';

const MAX_ATTEMPTS = 3;
/**
 * Transfers handed off at once (grouped mode). The parent keeps every child it started and that
 * has not closed yet in its own state, which the server rewrites on each of its events: small
 * waves keep that state, and the cost of each child's start and end, small.
 */
export const HAND_OFF_WAVE = 20;

/** Starts the transfer's workflow with these steps; false when one with its id is already running. */
async function startWith(
  workflowId: string,
  steps: readonly TransferEvent[],
  acceptanceWindowMs: number,
): Promise<boolean> {
  const [event, ...laterSteps] = steps as [TransferEvent, ...TransferEvent[]];
  const latest = steps[steps.length - 1] ?? event;
  try {
    await startChild(transferWorkflow, {
      workflowId,
      args: [{ event, acceptanceWindowMs, laterSteps }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: ORGANIZER_ID, value: event.organizerId },
        { key: TICKET_ID, value: event.ticketId },
        { key: TRANSFER_STATUS, value: latest.status },
      ],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** Signals the steps in order; returns how many were delivered before the workflow turned out closed. */
async function signalSteps(workflowId: string, steps: readonly TransferEvent[]): Promise<number> {
  const handle = getExternalWorkflowHandle(workflowId);
  for (let delivered = 0; delivered < steps.length; delivered += 1) {
    try {
      await handle.signal(transferEventSignal, steps[delivered] as TransferEvent);
    } catch {
      return delivered; // it closed in between: the caller starts a new one with the rest
    }
  }
  return steps.length;
}

/**
 * Gives one transfer's steps (in order) to its transfer workflow: starts it with all of them
 * (awaited, so it starts even if this run ends right after), or signals them to the one already
 * running; if that one ends in between, starts a new one with the steps it did not get.
 */
async function handOffGroup(steps: readonly TransferEvent[], acceptanceWindowMs: number): Promise<void> {
  const first = steps[0];
  if (!first) return;
  const workflowId = transferWorkflowId(first.organizerId, first.ticketId, first.transferKey);
  let remaining = steps;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (await startWith(workflowId, remaining, acceptanceWindowMs)) return;
    remaining = remaining.slice(await signalSteps(workflowId, remaining));
    if (remaining.length === 0) return;
  }
  throw new Error(
    `Could not hand ${remaining.length} transfer step(s) to ${workflowId} after ${MAX_ATTEMPTS} attempts`,
  );
}

/**
 * Not grouped (runs recorded before the grouping), each step is a group of its own: one start or
 * signal per step, in the same commands as they were.
 */
async function handOffSteps(
  steps: readonly TransferEvent[],
  acceptanceWindowMs: number,
  grouped: boolean,
): Promise<void> {
  if (grouped) return handOffGroup(steps, acceptanceWindowMs);
  for (const step of steps) await handOffGroup([step], acceptanceWindowMs);
}

/** Steps grouped by transfer (first seen first), each transfer's steps in the order they happened. */
export function stepsByTransfer(events: readonly TransferEvent[]): TransferEvent[][] {
  const byTransfer = new Map<string, TransferEvent[]>();
  for (const event of events) {
    const id = transferWorkflowId(event.organizerId, event.ticketId, event.transferKey);
    const steps = byTransfer.get(id);
    if (steps) steps.push(event);
    else byTransfer.set(id, [event]);
  }
  return [...byTransfer.values()].map((steps) =>
    [...steps].sort((a, b) => Date.parse(a.statusChangedAt) - Date.parse(b.statusChangedAt)),
  );
}

/**
 * Hands transfer steps off: steps of one transfer in order, different transfers at once (their
 * starts go to the server together, in one workflow task). Grouped, a transfer not yet running
 * starts with every step known of it, so one whose outcome is already read settles in one go, and
 * transfers go in waves of HAND_OFF_WAVE.
 */
export async function handOffTransfers(
  events: readonly TransferEvent[],
  acceptanceWindowMs: number,
  grouped = false,
): Promise<void> {
  const transfers = stepsByTransfer(events);
  const wave = grouped ? HAND_OFF_WAVE : transfers.length;
  for (let from = 0; from < transfers.length; from += wave) {
    await Promise.all(
      transfers.slice(from, from + wave).map((steps) => handOffSteps(steps, acceptanceWindowMs, grouped)),
    );
  }
}
