/**
 * The hand-off of transfer steps to their transfer workflows from an activity (issue 17): the
 * worker's own Temporal client starts each transfer workflow, or signals its steps to the running
 * one, so no hand-off workflow (and no child start, child completion or workflow task of its own)
 * is written to the server's history. The client is the worker's (Context.current().client): it
 * encodes the workflow input and the signal with the worker's data converter, payload codec
 * included, so the steps (e-mails) are encrypted in history as before.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from '../workflows/ids';
import { ORGANIZER_ID, TICKET_ID, TRANSFER_STATUS } from '../workflows/searchAttributes';
import {
  atMostAtOnce,
  TICKETS_AT_ONCE,
  TRANSFERS_PER_CHILD,
  transfersByTicket,
} from '../workflows/transferBatches';
import type { transferWorkflow } from '../workflows/transfer';
import { transferStepsSignal, type TransferWorkflowInput } from '../workflows/transferDefinitions';
import { TransferEventPayload } from '../workflows/transferSignalPayloads';

export interface HandOffInput {
  /** Every step read of the transfers it hands on (whole tickets, ≤ TRANSFERS_PER_CHILD transfers). */
  events: TransferEvent[];
  /** The organizer's acceptance window (SPEC §8), passed on to each transfer workflow. */
  acceptanceWindowMs: number;
}

export interface HandOffResult {
  tickets: number;
  transfers: number;
  steps: number;
}

/** What an attempt heartbeats: the transfers (by index in ticket order) already handed on. */
interface HandOffProgress {
  done: number[];
}

/** Heartbeat period while a call to Temporal is slow (the workflow's heartbeat timeout is 30 s). */
const KEEPALIVE_MS = 5_000;

/** Where the hand-off's Temporal calls go: the worker's client and task queue. */
export interface HandOffTarget {
  client: Client;
  taskQueue: string;
}

export function createHandOffActivities() {
  return {
    /**
     * Hands each transfer's steps to its workflow: up to TICKETS_AT_ONCE tickets at once, one
     * ticket's transfers strictly one after the other (TIXNGO's order, transfersByTicket). A
     * transfer whose steps hold a PENDING_TRANSFER is started with them (its first hand-off); if it
     * is running already, and for the other transfers, signalWithStart signals them to the running
     * workflow or starts one with them. Idempotent: a retry skips the transfers its attempt
     * heartbeated as done, and a transfer workflow skips steps it has already considered.
     */
    async handOffTransferSteps(input: HandOffInput): Promise<HandOffResult> {
      const context = Context.current();
      return handOffTransferSteps(
        input,
        { client: context.client, taskQueue: context.info.taskQueue },
        context,
      );
    },
  };
}

export type HandOffActivities = ReturnType<typeof createHandOffActivities>;

/** The activity's work, on any client and task queue (`context` heartbeats; none outside an activity). */
export async function handOffTransferSteps(
  input: HandOffInput,
  target: HandOffTarget,
  context?: Context,
): Promise<HandOffResult> {
  const events = checkedInput(input);
  const tickets = transfersByTicket(events);
  const transfers = tickets.flat();
  const index = new Map(transfers.map((steps, at) => [steps, at]));
  const done = new Set((context?.info.heartbeatDetails as HandOffProgress | undefined)?.done ?? []);
  const beat = (): void => context?.heartbeat({ done: [...done] } satisfies HandOffProgress);
  beat();
  const keepAlive = context ? setInterval(beat, KEEPALIVE_MS) : undefined;
  try {
    await atMostAtOnce(TICKETS_AT_ONCE, tickets, async (ticket) => {
      for (const steps of ticket) {
        const at = index.get(steps) as number;
        if (done.has(at)) continue;
        await handOffTransfer(steps, input.acceptanceWindowMs, target);
        done.add(at);
        beat();
      }
    });
  } finally {
    if (keepAlive) clearInterval(keepAlive);
  }
  return { tickets: tickets.length, transfers: transfers.length, steps: events.length };
}

/** The input, checked: a bad one fails the activity for good (InvalidData), never retried. */
function checkedInput(input: HandOffInput): TransferEvent[] {
  const bad = (why: string) =>
    ApplicationFailure.create({
      message: `handOffTransferSteps: ${why}`,
      type: 'InvalidData',
      nonRetryable: true,
    });
  if (!input || !Array.isArray(input.events)) throw bad('no list of transfer steps');
  if (!Number.isFinite(input.acceptanceWindowMs) || input.acceptanceWindowMs < 0) {
    throw bad('the acceptance window is not a duration');
  }
  input.events.forEach((event, at) => {
    const checked = TransferEventPayload.safeParse(event);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw bad(
        `step ${at} is not a transfer step (${issue?.path.join('.') || 'step'}: ${issue?.message ?? ''})`,
      );
    }
  });
  const transfers = new Set(
    input.events.map((e) => `${e.organizerId}\u0000${e.ticketId}\u0000${e.transferKey}`),
  );
  const tickets = transfersByTicket(input.events);
  if (transfers.size > TRANSFERS_PER_CHILD && tickets.length > 1) {
    throw bad(
      `${transfers.size} transfers of ${tickets.length} tickets (at most ${TRANSFERS_PER_CHILD} per call)`,
    );
  }
  return input.events;
}

/**
 * One transfer's steps (in order) to its workflow; resolves once the server has them. Transport
 * errors are thrown as they are: the activity's retry policy retries them.
 */
async function handOffTransfer(
  steps: readonly TransferEvent[],
  acceptanceWindowMs: number,
  { client, taskQueue }: HandOffTarget,
): Promise<void> {
  const [event, ...laterSteps] = steps as [TransferEvent, ...TransferEvent[]];
  const latest = steps[steps.length - 1] ?? event;
  const options = {
    taskQueue,
    workflowId: transferWorkflowId(event.organizerId, event.ticketId, event.transferKey),
    args: [{ event, acceptanceWindowMs, laterSteps }] as [TransferWorkflowInput],
    typedSearchAttributes: [
      { key: ORGANIZER_ID, value: event.organizerId },
      { key: TICKET_ID, value: event.ticketId },
      { key: TRANSFER_STATUS, value: latest.status },
    ],
  };
  if (steps.some((step) => step.status === 'PENDING_TRANSFER')) {
    // Its first hand-off, most likely: a start, no signal in its history.
    try {
      await client.workflow.start<typeof transferWorkflow>('transferWorkflow', options);
      return;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  // Running: the steps are signalled to it; closed or never started: a new run starts with them.
  await client.workflow.signalWithStart<typeof transferWorkflow, [TransferEvent[]]>('transferWorkflow', {
    ...options,
    signal: transferStepsSignal,
    signalArgs: [[...steps]],
  });
}
