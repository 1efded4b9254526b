import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { stateQuery, type FeedbackRunResult, type FeedbackState } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import { failedTransfers, type FailedTransfers } from './failedTransfers';
import { currentRunHealth, lastClosedRun, type ClosedRun, type CurrentRunHealth } from './runHealth';
import { UNSUCCESSFUL_STOPS } from '../domain/runStops';
import { completedFeedbackRuns, latestFeedbackRun } from './runResults';
import { carriedFromUnfinishedRun } from './carriedState';
import { readRunHistory } from './runHistory';

/** How long `status` waits for the current run's `state` query before it says what describe gave. */
export const STATUS_QUERY_TIMEOUT_MS = 3_000;

export interface OrganizerStatus {
  organizerId: string;
  workflowId: string;
  /** RUNNING while scheduled (between cron runs too); otherwise how the last execution closed. */
  executionStatus?: string;
  runId?: string;
  /** When the current run was created (a cron run: when the previous one closed). */
  startedAt?: Date;
  /** The cron schedule of the current execution; undefined for a run-once or an import (not scheduled). */
  cronSchedule?: string;
  /** When the current run fires or fired: its execution time (creation + the cron's first-task backoff). */
  firesAt?: Date;
  /** The current run's health (waiting for its fire time, a failing or unpicked workflow task, pending activities). */
  current?: CurrentRunHealth;
  /** The current run's progress, when a run is executing and its worker answered in time. */
  state?: FeedbackState;
  /** Why the current run's progress is not shown (its `state` query was not answered in time). */
  stateProblem?: string;
  /**
   * The skip / unskip / resolve signals a running run received that its `state` cannot tell (a cron
   * run waiting for its fire time, a workflow task no worker took or failing, a state not answered),
   * worked out from its history by the workflow's own rules (src/client/carriedState.ts, as
   * `unschedule` does): the live skip list and open rejections they make, and the workflow's
   * warnings for what it refuses. Undefined when the run received none.
   */
  receivedSignals?: ReceivedSignals;
  /** Why the signals the run received could not be worked out (its history could not be read). */
  receivedSignalsProblem?: string;
  /** The newest closed run, whatever its outcome (a failed one with its decoded reason). */
  lastClosedRun?: ClosedRun;
  /**
   * When the newest successful run closed: completed with a stop other than halted, sync-error or
   * not-started (as the last-success gauge counts, UNSUCCESSFUL_STOPS), among the newest
   * SUCCESS_LOOKBACK_RUNS completed runs; undefined if none of them was.
   */
  lastSuccessAt?: Date;
  lastRun?: { closedAt?: Date; result: FeedbackRunResult };
  /** The organizer's transfer workflows that failed or timed out (count, the newest few); none: undefined. */
  failedTransfers?: FailedTransfers;
}

export interface ReceivedSignals {
  /** Signals received (refused ones included). */
  count: number;
  /** The live skip list the run will have (normalized entries). */
  skipTickets: string[];
  /** Open rejections the run will carry. */
  openRejections: number;
  /** What the workflow says of those signals: refused entries, the full list, unknown entries or references… */
  warnings: string[];
}

/**
 * The organizer's status, answered within seconds at any moment (issue 15 item 3): describe and
 * visibility are answered by the server; the `state` query, which needs a worker and a run that has
 * started, is asked only of a run past its fire time with no failing workflow task, and with a deadline.
 */
export async function organizerStatus(client: Client, organizerIdText: string): Promise<OrganizerStatus> {
  const organizerId = OrganizerId.parse(organizerIdText);
  const workflowId = feedbackWorkflowId(organizerId);
  const status: OrganizerStatus = { organizerId, workflowId };
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    status.executionStatus = description.status.name;
    status.runId = description.runId;
    status.startedAt = description.startTime;
    status.firesAt = description.executionTime ?? description.startTime;
    if (description.status.name === 'RUNNING') {
      status.cronSchedule = await cronScheduleOf(client, workflowId, description.runId);
      const current = await currentRunHealth(client, description);
      status.current = current;
      const unanswerable = current.waitingUntil ?? current.workflowTask ?? current.workflowTaskWaiting;
      if (!unanswerable && description.historyLength > 2) {
        await client
          .withDeadline(Date.now() + STATUS_QUERY_TIMEOUT_MS, () =>
            client.workflow.getHandle(workflowId, description.runId).query(stateQuery),
          )
          .then((state) => void (status.state = state))
          .catch(
            () =>
              void (status.stateProblem = `no answer to its state query within ${STATUS_QUERY_TIMEOUT_MS / 1000} s`),
          );
      }
      if (!status.state) {
        await receivedSignals(client, organizerId, description.runId).then(
          (received) => void (status.receivedSignals = received),
          // A history this version cannot read (UnreadableRunError names the run and why): said, not fatal.
          (error: unknown) => void (status.receivedSignalsProblem = (error as Error).message),
        );
      }
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  const [closed, last, transfers] = await Promise.all([
    lastClosedRun(client, organizerId),
    latestFeedbackRun(client, organizerId),
    failedTransfers(client, organizerId),
  ]);
  status.lastClosedRun = closed;
  if (transfers.count > 0) status.failedTransfers = transfers;
  if (last) {
    status.lastRun = { closedAt: last.closedAt, result: last.result };
    status.lastSuccessAt = UNSUCCESSFUL_STOPS.has(last.result.stoppedBy)
      ? await lastSuccessfulRunAt(client, organizerId)
      : last.closedAt;
  }
  return status;
}

/** The signals a run whose `state` did not answer received, from its history (undefined: none). */
async function receivedSignals(
  client: Client,
  organizerId: string,
  runId: string,
): Promise<ReceivedSignals | undefined> {
  const run = await readRunHistory(client, organizerId, runId);
  if (run.status === 'completed' || run.signals.length === 0) return undefined;
  const carried = carriedFromUnfinishedRun(organizerId, run);
  return {
    count: run.signals.length,
    skipTickets: carried.input.skipTickets,
    openRejections: carried.input.openRejections.length,
    warnings: carried.warnings,
  };
}

/** Completed runs `status` looks through for the last successful one, newest first. */
export const SUCCESS_LOOKBACK_RUNS = 20;

/** When the newest successful completed run closed, among the newest SUCCESS_LOOKBACK_RUNS. */
async function lastSuccessfulRunAt(client: Client, organizerId: string): Promise<Date | undefined> {
  const runs = await completedFeedbackRuns(client, organizerId, { newest: SUCCESS_LOOKBACK_RUNS });
  return runs.filter((run) => !UNSUCCESSFUL_STOPS.has(run.result.stoppedBy)).at(-1)?.closedAt;
}

/**
 * The cron schedule a run was started with (its first history event): what tells a scheduled
 * organizer's run from a run-once or an import under the same workflow id.
 */
async function cronScheduleOf(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<string | undefined> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  return history?.events?.[0]?.workflowExecutionStartedEventAttributes?.cronSchedule || undefined;
}
