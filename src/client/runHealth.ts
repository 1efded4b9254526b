/**
 * How an organizer's feedback runs are doing, read without waiting on a worker (issue 15 item 3):
 * how the newest closed run ended and why (its close event), and what the current run is stuck on
 * (describe: a workflow task failing again and again, pending activities with their attempts and
 * last failure). Every failure is decoded with the client's data converter.
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { feedbackWorkflowId } from '../workflows/ids';
import { failureText } from './failureText';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export type ClosedRunOutcome = 'completed' | 'failed' | 'terminated' | 'timed-out' | 'canceled';

export interface ClosedRun {
  runId: string;
  closedAt?: Date;
  outcome: ClosedRunOutcome;
  /** Why it did not complete: the decoded failure (type in brackets, causes after "because:"), or the termination reason. */
  reason?: string;
}

export interface PendingActivity {
  activityType: string;
  /** SCHEDULED, STARTED, CANCEL_REQUESTED, PAUSED… (Temporal's PendingActivityState, without its prefix). */
  state: string;
  /** The attempt now scheduled or running (1 = the first). */
  attempt: number;
  /** The previous attempt's failure, decoded; undefined while no attempt has failed. */
  lastFailure?: string;
  /** When the next attempt is due, while the activity waits out its retry backoff. */
  nextAttemptAt?: Date;
}

export interface FailingWorkflowTask {
  /** The workflow task's attempt (2 or more: it has failed before). */
  attempt: number;
  /** Temporal's WorkflowTaskFailedCause, without its prefix (e.g. WORKFLOW_WORKER_UNHANDLED_FAILURE). */
  cause?: string;
  /** The recorded failure, decoded (Temporal records the first of a series of failed attempts). */
  failure?: string;
}

/** A workflow task no worker has picked up (none polls the run's task queue, or all are busy). */
export interface WaitingWorkflowTask {
  scheduledAt?: Date;
  taskQueue: string;
}

export interface CurrentRunHealth {
  /** The run has not started: a cron run waiting for its fire time (no workflow task before it). */
  waitingUntil?: Date;
  workflowTask?: FailingWorkflowTask;
  workflowTaskWaiting?: WaitingWorkflowTask;
  pendingActivities: PendingActivity[];
}

const CLOSE_EVENT_FILTER = temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
/** Closed runs looked at to find the newest (visibility lists newest first; one page). */
const CLOSED_RUNS_PAGE = 20;

function enumName(
  names: Record<number, string>,
  value: number | null | undefined,
  prefix: string,
): string | undefined {
  const name = value === null || value === undefined ? undefined : names[value];
  return name?.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function dateOf(ms: number | undefined): Date | undefined {
  return ms === undefined ? undefined : new Date(ms);
}

/** How a run ended, from its close event. A cron run that failed closes "continued as new", with its failure. */
async function outcomeOf(
  client: Client,
  closing: HistoryEvent | undefined,
): Promise<Omit<ClosedRun, 'runId' | 'closedAt'>> {
  const converter = client.workflow.options.loadedDataConverter;
  const failure =
    closing?.workflowExecutionFailedEventAttributes?.failure ??
    closing?.workflowExecutionContinuedAsNewEventAttributes?.failure;
  if (failure) return { outcome: 'failed', reason: await failureText(converter, failure) };
  const terminated = closing?.workflowExecutionTerminatedEventAttributes;
  if (terminated) return { outcome: 'terminated', reason: terminated.reason || undefined };
  if (closing?.workflowExecutionTimedOutEventAttributes)
    return { outcome: 'timed-out', reason: 'run timeout reached' };
  if (closing?.workflowExecutionCanceledEventAttributes) return { outcome: 'canceled' };
  return { outcome: 'completed' };
}

/** The organizer's newest closed run (cron run or run-once) and how it ended; undefined if none closed yet. */
export async function lastClosedRun(client: Client, organizerId: string): Promise<ClosedRun | undefined> {
  const workflowId = feedbackWorkflowId(organizerId);
  const query = `WorkflowId = '${workflowId}' AND ExecutionStatus != 'Running'`;
  let newest: { runId: string; closedAt?: Date } | undefined;
  let seen = 0;
  for await (const execution of client.workflow.list({ query, pageSize: CLOSED_RUNS_PAGE })) {
    if (!newest || (execution.closeTime?.getTime() ?? 0) > (newest.closedAt?.getTime() ?? 0)) {
      newest = { runId: execution.runId, closedAt: execution.closeTime };
    }
    if ((seen += 1) >= CLOSED_RUNS_PAGE) break;
  }
  if (!newest) return undefined;
  return { ...newest, ...(await closedRunOutcome(client, organizerId, newest.runId)) };
}

/** How one closed run of the organizer ended and why, from its close event alone. */
export async function closedRunOutcome(
  client: Client,
  organizerId: string,
  runId: string,
): Promise<Omit<ClosedRun, 'runId' | 'closedAt'>> {
  return closedExecutionOutcome(client, feedbackWorkflowId(organizerId), runId);
}

/** How one closed execution of any workflow ended and why (decoded), from its close event alone. */
export async function closedExecutionOutcome(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<Omit<ClosedRun, 'runId' | 'closedAt'>> {
  // The close event only: a run's history may hold thousands of events.
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    historyEventFilterType: CLOSE_EVENT_FILTER,
  });
  return outcomeOf(client, history?.events?.at(-1));
}

/** The run's last WorkflowTaskFailed event: its cause and decoded failure. */
async function lastWorkflowTaskFailure(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<Omit<FailingWorkflowTask, 'attempt'>> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const failed = [...(history.events ?? [])]
    .reverse()
    .find((event) => event.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes;
  if (!failed) return {};
  return {
    cause: enumName(
      temporal.api.enums.v1.WorkflowTaskFailedCause,
      failed.cause,
      'WORKFLOW_TASK_FAILED_CAUSE_',
    ),
    failure: await failureText(client.workflow.options.loadedDataConverter, failed.failure),
  };
}

/**
 * What a running run is doing or stuck on, from its description (answered by the server, never by a
 * worker: this cannot block). `now` is when "waiting" is judged.
 */
export async function currentRunHealth(
  client: Client,
  description: WorkflowExecutionDescription,
  now = new Date(),
): Promise<CurrentRunHealth> {
  const converter = client.workflow.options.loadedDataConverter;
  const raw = description.raw;
  const health: CurrentRunHealth = { pendingActivities: [] };
  if (
    description.executionTime &&
    description.executionTime.getTime() > now.getTime() &&
    !raw.pendingWorkflowTask
  ) {
    health.waitingUntil = description.executionTime;
  }
  const task = raw.pendingWorkflowTask;
  if (task && (task.attempt ?? 1) > 1) {
    health.workflowTask = {
      attempt: task.attempt ?? 1,
      ...(await lastWorkflowTaskFailure(client, description.workflowId, description.runId)),
    };
  }
  const scheduled = temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED;
  if (task && !health.workflowTask && !health.waitingUntil && task.state === scheduled) {
    health.workflowTaskWaiting = {
      scheduledAt: dateOf(optionalTsToMs(task.scheduledTime)),
      taskQueue: description.taskQueue,
    };
  }
  for (const activity of raw.pendingActivities ?? []) {
    health.pendingActivities.push({
      activityType: activity.activityType?.name ?? '(unknown)',
      state:
        enumName(temporal.api.enums.v1.PendingActivityState, activity.state, 'PENDING_ACTIVITY_STATE_') ??
        'UNKNOWN',
      attempt: activity.attempt ?? 1,
      lastFailure: await failureText(converter, activity.lastFailure),
      nextAttemptAt: dateOf(optionalTsToMs(activity.nextAttemptScheduleTime)),
    });
  }
  return health;
}
