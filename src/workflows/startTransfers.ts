/**
 * The one path from transfer steps read (a feedback run's pages, an imported file) to the transfer
 * workflows. Since the `transfer-steps-handed-by-activity` patch, in two hops:
 *
 *   startTransfers (in the run or the import)
 *     → handOffTransferSteps (an activity, ≤ TRANSFERS_PER_CHILD transfers per call,
 *       src/activities/handOffTransferSteps.ts)
 *       → the worker's Temporal client: start, or signalWithStart (the steps as one `transferSteps`
 *         signal to the running workflow, or a new one started with them)
 *
 * No hand-off workflow, so the server writes no child start, child completion or workflow task of
 * one (BENCHMARKS.md, "Hand-off cost"); the caller's history gets three events per call instead of
 * a child's. Histories recorded before the patch keep the three hops of before:
 *
 *   startTransfers → startTransfersWorkflow (short-lived children, ≤ TRANSFERS_PER_CHILD transfers
 *   each) → startTransfer (one transfer: start its workflow as an abandoned child, or signal it).
 *
 * Order per ticket (issue 14, item 1): one ticket's transfers are handed on in TIXNGO's order,
 * oldest first by statusChangedAt, and the next one only once the previous one's start (or signal)
 * has completed. So every transfer of a ticket in one call goes to the same batch (activity call or
 * child), which goes through them one after the other; different tickets go at once (up to
 * TICKETS_AT_ONCE). The caller keeps the order across calls by awaiting each (the run's
 * TransferStepQueue hands its batches on one at a time, and a run ends only once all are handed on,
 * before the next run reads anything). A retried activity call skips the transfers it had handed on
 * (its heartbeat), and a transfer workflow skips steps it already has: nothing counts twice.
 *
 * Bounds: a caller runs at most CHILDREN_AT_ONCE batches at once, each of at most
 * TRANSFERS_PER_CHILD transfers, or all of one ticket's when it has more (a ticket is never split).
 * On the activity path no workflow is the transfers' parent, so Temporal's limit of 2 000 pending
 * children does not apply. On the old path it does: a caller has at most CHILDREN_AT_ONCE children
 * pending; only 2 000 transfers of one ticket read in one batch would reach the limit.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import type { HandOffActivities } from '../activities/handOffTransferSteps';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from './ids';
import { ORGANIZER_ID, TICKET_ID, TRANSFER_STATUS } from './searchAttributes';
import { transferWorkflow } from './transfer';
import {
  atMostAtOnce,
  CHILDREN_AT_ONCE,
  childBatches,
  TICKETS_AT_ONCE,
  TRANSFERS_PER_CHILD,
  transfersByTicket,
} from './transferBatches';
import { transferEventSignal } from './transferDefinitions';

export { CHILDREN_AT_ONCE, childBatches, TICKETS_AT_ONCE, TRANSFERS_PER_CHILD, transfersByTicket };

/** Histories with this marker hand transfer steps on by the handOffTransferSteps activity. */
export const HAND_OFF_BY_ACTIVITY_PATCH = 'transfer-steps-handed-by-activity';

/**
 * The hand-off activity: a call of 100 transfers takes a few seconds (one Temporal call per
 * transfer, 20 tickets at once); it heartbeats after each transfer and while a call is slow, so a
 * dead worker is noticed within 30 s and the retry resumes after the transfers handed on. Transport
 * errors (Temporal unreachable) are retried for as long as it takes, as a child start waited before;
 * bad input (InvalidData) is not.
 */
const { handOffTransferSteps } = proxyActivities<HandOffActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** A transfer whose workflow closes while its steps are signalled is started again, at most this often. */
const MAX_ATTEMPTS = 3;
/**
 * Steps of a transfer whose PENDING_TRANSFER was handed on before (an outcome) are signalled to its
 * workflow first, started only when none is running: a start refused as already started cost a
 * failed child start (two events, a workflow task and the server's attempt) per waiting transfer
 * (issue 17). Histories without this marker start first, as before.
 */
export const SIGNAL_RUNNING_TRANSFERS_PATCH = 'hand-off-signals-running-transfers';

export interface StartTransfersInput {
  /** Every step read of the transfers it hands on (whole tickets: see startTransfers). */
  events: TransferEvent[];
  /** The organizer's acceptance window (SPEC §8), passed on to each transfer workflow. */
  acceptanceWindowMs: number;
}

export interface StartTransfersResult {
  tickets: number;
  transfers: number;
  steps: number;
}

/**
 * The caller's side, in a feedback run or an import: hands the steps on in batches (each ticket
 * whole in one of them, at most CHILDREN_AT_ONCE at a time) and resolves once every transfer
 * workflow has all its steps: by the handOffTransferSteps activity, or (histories from before the
 * patch) by startTransfersWorkflow children, `nextWorkflowId` naming each (transferStartsWorkflowId).
 * Rejects if a batch fails: the caller then keeps its key where it was.
 */
export async function startTransfers(
  events: readonly TransferEvent[],
  acceptanceWindowMs: number,
  nextWorkflowId: () => string,
): Promise<void> {
  const batches = childBatches(transfersByTicket(events), TRANSFERS_PER_CHILD);
  if (batches.length === 0) return;
  const byActivity = patched(HAND_OFF_BY_ACTIVITY_PATCH);
  await atMostAtOnce(CHILDREN_AT_ONCE, batches, async (tickets) => {
    const steps = tickets.flat(2);
    if (byActivity) {
      await handOffTransferSteps({ events: steps, acceptanceWindowMs });
      return;
    }
    await executeChild(startTransfersWorkflow, {
      workflowId: nextWorkflowId(),
      args: [{ events: steps, acceptanceWindowMs }],
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: steps[0]?.organizerId ?? '' }],
    });
  });
}

/**
 * Starts (or signals) the transfer workflows of its steps, as their parent, and ends once every one
 * has its steps; the transfers outlive it (parent-close ABANDON). Short-lived, so the organizer's
 * feedback run does not carry each open transfer in its own state. A ticket's transfers one after
 * the other, oldest first; up to TICKETS_AT_ONCE tickets at once.
 */
export async function startTransfersWorkflow(input: StartTransfersInput): Promise<StartTransfersResult> {
  const tickets = transfersByTicket(input.events);
  const signalRunning = patched(SIGNAL_RUNNING_TRANSFERS_PATCH);
  await atMostAtOnce(TICKETS_AT_ONCE, tickets, async (transfers) => {
    for (const steps of transfers) await startTransfer(steps, input.acceptanceWindowMs, signalRunning);
  });
  return { tickets: tickets.length, transfers: tickets.flat().length, steps: input.events.length };
}

/**
 * One transfer's steps (in order) to its workflow: starts it with all of them (awaited: it has
 * started when this resolves), or, when it is already running, signals them to it; if it closes in
 * between, starts a new one with the steps it did not get. With `signalRunning`, steps without a
 * PENDING_TRANSFER (its workflow was started by an earlier hand-off) are signalled first.
 */
async function startTransfer(
  steps: readonly TransferEvent[],
  acceptanceWindowMs: number,
  signalRunning: boolean,
): Promise<void> {
  const first = steps[0];
  if (!first) return;
  const workflowId = transferWorkflowId(first.organizerId, first.ticketId, first.transferKey);
  let remaining = steps;
  if (signalRunning && !steps.some((step) => step.status === 'PENDING_TRANSFER')) {
    remaining = await signalSteps(workflowId, remaining);
    if (remaining.length === 0) return;
    // None running (or it closed in between): started below with the steps it did not get.
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const [event, ...laterSteps] = remaining as [TransferEvent, ...TransferEvent[]];
    const latest = remaining[remaining.length - 1] ?? event;
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
      return;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    remaining = await signalSteps(workflowId, remaining);
    if (remaining.length === 0) return;
  }
  throw new Error(
    `Could not hand ${remaining.length} transfer step(s) to ${workflowId} after ${MAX_ATTEMPTS} attempts`,
  );
}

/** Signals the steps in order to the running workflow; returns those it did not get (it is not running). */
async function signalSteps(
  workflowId: string,
  steps: readonly TransferEvent[],
): Promise<readonly TransferEvent[]> {
  const handle = getExternalWorkflowHandle(workflowId);
  let remaining = steps;
  while (remaining.length > 0) {
    try {
      await handle.signal(transferEventSignal, remaining[0] as TransferEvent);
    } catch {
      break; // not running, or it closed in between
    }
    remaining = remaining.slice(1);
  }
  return remaining;
}
