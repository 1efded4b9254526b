/**
 * The one path from transfer steps read (a feedback run's pages, an imported file) to the transfer
 * workflows, in three steps, all in this file:
 *
 *   startTransfers (in the run or the import)
 *     → startTransfersWorkflow (short-lived children of it, ≤ TRANSFERS_PER_CHILD transfers each)
 *       → startTransfer (one transfer: start its workflow with its steps, or signal them to it)
 *
 * Order per ticket (issue 14, item 1): one ticket's transfers are handed on in TIXNGO's order,
 * oldest first by statusChangedAt, and the next one only once the previous one's start (or signal)
 * has completed. So every transfer of a ticket in one call goes to the same child workflow, which
 * goes through them one after the other; different tickets go at once. The caller keeps the order
 * across calls by awaiting each (the run's TransferStepQueue hands its batches on one at a time, and
 * a run ends only once all are handed on, before the next run reads anything).
 *
 * Bounds: Temporal fails a workflow holding more than 2 000 pending children (started and not yet
 * closed; a transfer left running by its parent stays pending until that parent ends). A caller has
 * at most CHILDREN_AT_ONCE children pending, however many steps it hands on; a child has at most
 * TRANSFERS_PER_CHILD transfers, or all of one ticket's when it has more (a ticket is never split:
 * only 2 000 transfers of one ticket read in one batch would reach the limit).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  startChild,
} from '@temporalio/workflow';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from './ids';
import { ORGANIZER_ID, TICKET_ID, TRANSFER_STATUS } from './searchAttributes';
import { transferWorkflow } from './transfer';
import { transferEventSignal } from './transferDefinitions';

/** Transfers one startTransfersWorkflow hands on (its children: each is pending until the transfer ends). */
export const TRANSFERS_PER_CHILD = 100;
/** startTransfersWorkflow children one caller runs at once. */
export const CHILDREN_AT_ONCE = 10;
/**
 * Tickets a startTransfersWorkflow works on at once. A parent keeps each child it started and that
 * has not closed in its state, which the server rewrites at each of its events: a few starts in
 * flight at a time keep each start cheap (BENCHMARKS.md, "Small waves and hand-off workflows").
 */
export const TICKETS_AT_ONCE = 20;
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
 * The caller's side, in a feedback run or an import: hands the steps to startTransfersWorkflow
 * children (each ticket whole in one of them, at most CHILDREN_AT_ONCE at a time) and resolves once
 * every transfer workflow has all its steps. `nextWorkflowId` names each child
 * (transferStartsWorkflowId). Rejects if a child fails: the caller then keeps its key where it was.
 */
export async function startTransfers(
  events: readonly TransferEvent[],
  acceptanceWindowMs: number,
  nextWorkflowId: () => string,
): Promise<void> {
  const children = childBatches(transfersByTicket(events), TRANSFERS_PER_CHILD);
  await atMostAtOnce(CHILDREN_AT_ONCE, children, async (tickets) => {
    const steps = tickets.flat(2);
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

const changedAt = (event: TransferEvent): number => Date.parse(event.statusChangedAt);
const byChangedAt = (a: TransferEvent, b: TransferEvent): number => changedAt(a) - changedAt(b);

/**
 * The steps by ticket (tickets in the order first seen), each ticket's transfers oldest first (by
 * their earliest step), each transfer's steps in TIXNGO's order (statusChangedAt; equal times keep
 * the order read). Pure.
 */
export function transfersByTicket(events: readonly TransferEvent[]): TransferEvent[][][] {
  const tickets = new Map<string, Map<string, TransferEvent[]>>();
  for (const event of events) {
    const ticket = `${event.organizerId}\u0000${event.ticketId}`;
    const transfers = tickets.get(ticket) ?? new Map<string, TransferEvent[]>();
    tickets.set(ticket, transfers);
    const steps = transfers.get(event.transferKey);
    if (steps) steps.push(event);
    else transfers.set(event.transferKey, [event]);
  }
  return [...tickets.values()].map((transfers) =>
    [...transfers.values()]
      .map((steps) => [...steps].sort(byChangedAt))
      .sort((a, b) => byChangedAt(a[0] as TransferEvent, b[0] as TransferEvent)),
  );
}

/**
 * Tickets (in order) in batches of at most `maxTransfers` transfers, never splitting a ticket (one
 * with more goes alone). Pure.
 */
export function childBatches<T>(tickets: readonly T[][], maxTransfers: number): T[][][] {
  const batches: T[][][] = [];
  let current: T[][] = [];
  let transfers = 0;
  for (const ticket of tickets) {
    if (current.length > 0 && transfers + ticket.length > maxTransfers) {
      batches.push(current);
      current = [];
      transfers = 0;
    }
    current.push(ticket);
    transfers += ticket.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Runs `work` on each item, at most `limit` at once, taken in order. Deterministic: promises only. */
async function atMostAtOnce<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
