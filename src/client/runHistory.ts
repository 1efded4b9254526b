/**
 * Reads one feedback run's history for a carry-over: how the run ended, its result if it finished,
 * else its starting state, the signals it received and what unschedule recorded when stopping it.
 * The history is the one record that has everything, even signals sent to a run still waiting for
 * its cron time (its `state` query cannot answer before its first workflow task).
 */
import type { Client } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common';
import {
  decodeArrayFromPayloads,
  decodeFromPayloadsAtIndex,
} from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { FailureCarriedStateRecord } from '../workflows/carriedRunState';
import { resolveRejectionsSignal, skipTicketsSignal, unskipTicketsSignal } from '../workflows/definitions';
import {
  checkSignalPayload,
  ResolvedChangesPayload,
  SkipEntriesPayload,
  TicketIdsPayload,
  unknownSignalWarning,
} from '../workflows/signalPayloads';
import { feedbackWorkflowId } from '../workflows/ids';
import type { RunSignal, RunStatus, UnfinishedRun } from './carriedState';
import { RunResultRecord, StartInputRecord, UnscheduleRecord } from './historySchemas';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
type Failure = temporal.api.failure.v1.IFailure | null | undefined;

export class UnreadableRunError extends Error {
  override name = 'UnreadableRunError';
  constructor(
    readonly workflowId: string,
    readonly runId: string,
    problem: string,
  ) {
    super(`Cannot carry on from run ${runId} of "${workflowId}": ${problem}.`);
  }
}

export type RunHistory =
  | { status: 'completed'; runId: string; result: RunResultRecord }
  | ({ status: Exclude<RunStatus, 'completed'> } & UnfinishedRun);

export async function readRunHistory(
  client: Client,
  organizerId: string,
  runId: string,
): Promise<RunHistory> {
  const workflowId = feedbackWorkflowId(organizerId);
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  const converter = client.workflow.options.loadedDataConverter;
  const fail = (problem: string): never => {
    throw new UnreadableRunError(workflowId, runId, problem);
  };
  const closing = events.at(-1);
  // A cron run that failed closes "continued as new" too, with the failure and the last *completed* result.
  const ownFailure =
    closing?.workflowExecutionFailedEventAttributes?.failure ??
    closing?.workflowExecutionContinuedAsNewEventAttributes?.failure;

  const finished = ownFailure
    ? undefined
    : (closing?.workflowExecutionCompletedEventAttributes?.result ??
      closing?.workflowExecutionContinuedAsNewEventAttributes?.lastCompletionResult);
  if (finished) {
    const result = RunResultRecord.safeParse(await decodeFirst(converter, finished));
    if (!result.success)
      return fail(`its result is not a feedback run result (${result.error.issues[0]?.message})`);
    return { status: 'completed', runId, result: result.data };
  }

  const started = events[0]?.workflowExecutionStartedEventAttributes;
  if (!started) return fail('its history has no start event');
  const args = await decodeArrayFromPayloads(converter, started.input?.payloads);
  const input = StartInputRecord.safeParse(args[0]);
  if (!input.success) return fail(`its input is not a feedback input (${input.error.issues[0]?.message})`);
  let lastResult: RunResultRecord | undefined;
  if (started.lastCompletionResult?.payloads?.length) {
    // As the workflow does (src/workflows/carriedRunState.ts): a result of another shape is passed over.
    const parsed = RunResultRecord.safeParse(await decodeFirst(converter, started.lastCompletionResult));
    if (parsed.success) lastResult = parsed.data;
  }
  const failedRunState = await carriedStateOfFailure(converter, started.continuedFailure);
  const ownFailureState = await carriedStateOfFailure(converter, ownFailure);

  const signals: RunSignal[] = [];
  let signalsIgnored = 0;
  for (const event of events) {
    const signal = await readSignal(converter, event);
    if (signal?.name === 'refused' && signal.payload) signalsIgnored += 1;
    if (signal) signals.push(signal);
  }

  const terminated = closing?.workflowExecutionTerminatedEventAttributes;
  const record = terminated?.details?.payloads?.length
    ? UnscheduleRecord.safeParse(await decodeFirst(converter, terminated.details))
    : undefined;
  return {
    status: unfinishedStatus(closing),
    runId,
    input: input.data,
    lastResult,
    failedRunState,
    ownFailureState,
    signals,
    signalsIgnored,
    progress: record?.success ? record.data.progress : undefined,
  };
}

const SIGNALS: Record<string, Exclude<RunSignal['name'], 'refused'>> = {
  [skipTicketsSignal.name]: 'skipTickets',
  [unskipTicketsSignal.name]: 'unskipTickets',
  [resolveRejectionsSignal.name]: 'resolveRejections',
};

/**
 * A skip-list or rejections signal; `refused` with the workflow's warning when its payload is of
 * another shape (`payload: true`) or its name is no signal the workflow knows; undefined for an event
 * that is no signal.
 */
async function readSignal(
  converter: LoadedDataConverter,
  event: HistoryEvent,
): Promise<(RunSignal & { payload?: true }) | undefined> {
  const attributes = event.workflowExecutionSignaledEventAttributes;
  if (!attributes) return undefined;
  const at = new Date(optionalTsToMs(event.eventTime) ?? 0);
  const signalName = attributes.signalName ?? '';
  const name = SIGNALS[signalName];
  if (!name) return { name: 'refused', warning: unknownSignalWarning(signalName, Object.keys(SIGNALS)), at };
  const [argument, second] = await decodeArrayFromPayloads(converter, attributes.input?.payloads);
  // The same shapes, bounds and warnings as the workflow's handlers (src/workflows/signalPayloads.ts).
  const entries = checkSignalPayload(
    signalName,
    name === 'resolveRejections' ? TicketIdsPayload : SkipEntriesPayload,
    argument,
  );
  if (!entries.ok) return { name: 'refused', warning: entries.warning, at, payload: true };
  if (name !== 'resolveRejections') return { name, entries: entries.value, at };
  if (second === undefined || second === null) return { name, ticketIds: entries.value, at };
  const changes = checkSignalPayload(`${signalName} (changes)`, ResolvedChangesPayload, second);
  return changes.ok
    ? { name, ticketIds: entries.value, changes: changes.value, at }
    : { name: 'refused', warning: changes.warning, at, payload: true };
}

function unfinishedStatus(closing: HistoryEvent | undefined): Exclude<RunStatus, 'completed'> {
  if (closing?.workflowExecutionTerminatedEventAttributes) return 'terminated';
  if (closing?.workflowExecutionTimedOutEventAttributes) return 'timed-out';
  if (closing?.workflowExecutionFailedEventAttributes) return 'failed';
  if (closing?.workflowExecutionCanceledEventAttributes) return 'canceled';
  // A cron run that failed before any run of its chain finished: continued as new, with no result.
  if (closing?.workflowExecutionContinuedAsNewEventAttributes) return 'failed';
  return 'running';
}

async function decodeFirst(converter: LoadedDataConverter, payloads: Payloads): Promise<unknown> {
  return decodeFromPayloadsAtIndex<unknown>(converter, 0, payloads?.payloads);
}

/**
 * The state a feedback run's failure carries (src/workflows/carryOnFailure.ts), or undefined: no
 * failure, a failure of an older version, or details that cannot be read (then the run's signals
 * are applied on top of where it started, as before).
 */
async function carriedStateOfFailure(
  converter: LoadedDataConverter,
  failure: Failure,
): Promise<RunResultRecord | undefined> {
  const details = failure?.applicationFailureInfo?.details;
  if (!details?.payloads?.length) return undefined;
  const record = FailureCarriedStateRecord.safeParse(
    await decodeFirst(converter, details).catch(() => undefined),
  );
  return record.success ? record.data.state : undefined;
}
