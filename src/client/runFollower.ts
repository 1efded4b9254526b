/**
 * Follows an organizer's feedback runs as they end or get stuck (the demo's output, issue 15 item 5):
 * each closed run once (completed with its result; failed, terminated, timed out or cancelled with
 * its decoded reason), and each stuck condition of the current run once (a workflow task or an
 * activity on its STUCK_ATTEMPTS-th attempt or later, a workflow task no worker has picked up for
 * NOT_PICKED_UP_AFTER_MS: no worker polls its task queue, or all are busy). Reads only what the server answers
 * (visibility, close events, describe), never a worker.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { FeedbackRunResult } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import {
  closedRunOutcome,
  currentRunHealth,
  type ClosedRunOutcome,
  type CurrentRunHealth,
} from './runHealth';
import { feedbackRunResult } from './runResults';

/** An attempt from which a retried workflow task or activity counts as stuck (it failed twice). */
export const STUCK_ATTEMPTS = 3;
/**
 * How long a run's workflow task may wait for a worker before it is said (a worker picks one up
 * within milliseconds; one that waits this long has no worker, or only busy ones, on its queue).
 */
export const NOT_PICKED_UP_AFTER_MS = 5_000;
/** Closed runs looked at per poll (visibility lists newest first; one page). */
const CLOSED_RUNS_PAGE = 20;

export type RunEvent =
  | { kind: 'completed'; runId: string; closedAt?: Date; result: FeedbackRunResult }
  | {
      kind: 'not-completed';
      runId: string;
      closedAt?: Date;
      outcome: Exclude<ClosedRunOutcome, 'completed'>;
      reason?: string;
    }
  | {
      kind: 'stuck';
      runId: string;
      /** `workflow task`, or `activity <type>`. */
      what: string;
      attempt: number;
      /** The decoded failure of the last failed attempt, when there is one. */
      lastFailure?: string;
    }
  | {
      /** The run's workflow task waits for a worker (NOT_PICKED_UP_AFTER_MS or longer). */
      kind: 'not-picked-up';
      runId: string;
      taskQueue: string;
      /** When the workflow task was scheduled. */
      since?: Date;
      /** Workers that polled the task queue for workflow tasks lately, as the server knows them (0: none). */
      pollers: number;
    };

async function closedRuns(
  client: Client,
  organizerId: string,
): Promise<{ runId: string; closedAt?: Date }[]> {
  const query = `WorkflowId = '${feedbackWorkflowId(organizerId)}' AND ExecutionStatus != 'Running'`;
  const runs: { runId: string; closedAt?: Date }[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: CLOSED_RUNS_PAGE })) {
    runs.push({ runId: execution.runId, closedAt: execution.closeTime });
    if (runs.length >= CLOSED_RUNS_PAGE) break;
  }
  return runs.sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0));
}

async function closedRunEvent(
  client: Client,
  organizerId: string,
  run: { runId: string; closedAt?: Date },
): Promise<RunEvent | undefined> {
  const { outcome, reason } = await closedRunOutcome(client, organizerId, run.runId);
  if (outcome !== 'completed') return { kind: 'not-completed', ...run, outcome, reason };
  const result = await feedbackRunResult(client, organizerId, run.runId);
  return result ? { kind: 'completed', ...run, result } : undefined;
}

/** Workers that polled the task queue for workflow tasks lately (the server's list). */
async function workflowPollers(client: Client, taskQueue: string): Promise<number> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return pollers?.length ?? 0;
}

type NotPickedUp = Extract<RunEvent, { kind: 'not-picked-up' }>;

/** The run's workflow task, when it has waited NOT_PICKED_UP_AFTER_MS or longer for a worker. */
async function notPickedUp(
  client: Client,
  health: CurrentRunHealth,
  runId: string,
  now: Date,
): Promise<NotPickedUp | undefined> {
  const waiting = health.workflowTaskWaiting;
  const waitedMs = waiting?.scheduledAt ? now.getTime() - waiting.scheduledAt.getTime() : Infinity;
  if (!waiting || waitedMs < NOT_PICKED_UP_AFTER_MS) return undefined;
  const { taskQueue, scheduledAt: since } = waiting;
  return {
    kind: 'not-picked-up',
    runId,
    taskQueue,
    since,
    pollers: await workflowPollers(client, taskQueue),
  };
}

/**
 * Watches one execution (an import part) until stopped, and calls `onWaiting` once when its
 * workflow task has waited NOT_PICKED_UP_AFTER_MS for a worker. A poll that fails is tried again.
 */
export function watchPickup(
  client: Client,
  workflowId: string,
  onWaiting: (event: NotPickedUp) => void,
  intervalMs = 2000,
): { stop(): void } {
  let stopped = false;
  const poll = async (): Promise<boolean> => {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name !== 'RUNNING') return true;
    const now = new Date();
    const event = await notPickedUp(
      client,
      await currentRunHealth(client, description, now),
      description.runId,
      now,
    );
    if (event && !stopped) onWaiting(event);
    return event !== undefined;
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      if (await poll().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    }
  };
  void loop();
  return { stop: () => void (stopped = true) };
}

/** The current run's stuck conditions, each with a key that names the run and the condition. */
async function stuckEvents(client: Client, organizerId: string): Promise<{ key: string; event: RunEvent }[]> {
  const description = await client.workflow.getHandle(feedbackWorkflowId(organizerId)).describe();
  if (description.status.name !== 'RUNNING') return [];
  const now = new Date();
  const health = await currentRunHealth(client, description, now);
  const runId = description.runId;
  const events: { key: string; event: RunEvent }[] = [];
  const waiting = await notPickedUp(client, health, runId, now);
  if (waiting) events.push({ key: `${runId} not picked up`, event: waiting });
  const task = health.workflowTask;
  if (task && task.attempt >= STUCK_ATTEMPTS) {
    const lastFailure = [task.cause, task.failure].filter(Boolean).join(': ') || undefined;
    events.push({
      key: `${runId} workflow task`,
      event: { kind: 'stuck', runId, what: 'workflow task', attempt: task.attempt, lastFailure },
    });
  }
  for (const activity of health.pendingActivities) {
    if (activity.attempt < STUCK_ATTEMPTS) continue;
    const what = `activity ${activity.activityType}`;
    events.push({
      key: `${runId} ${what}`,
      event: { kind: 'stuck', runId, what, attempt: activity.attempt, lastFailure: activity.lastFailure },
    });
  }
  return events;
}

/**
 * Calls `onEvent` once per closed run (oldest first; not with `stuck-only`) and once per stuck
 * condition of a run, every `intervalMs`, until stopped. A poll that fails (the server restarting) is tried again next time.
 */
export function followRuns(
  client: Client,
  organizerId: string,
  onEvent: (event: RunEvent) => void,
  intervalMs = 2000,
  /** `stuck-only`: closed runs are not looked at (a caller that awaits its run's result). */
  follow: 'all' | 'stuck-only' = 'all',
): { stop(): void } {
  const seen = new Set<string>();
  let stopped = false;
  const emit = (key: string, event: RunEvent): void => {
    seen.add(key);
    if (!stopped) onEvent(event);
  };
  const poll = async (): Promise<void> => {
    for (const run of follow === 'all' ? await closedRuns(client, organizerId) : []) {
      if (seen.has(run.runId)) continue;
      const event = await closedRunEvent(client, organizerId, run);
      if (event) emit(run.runId, event);
    }
    for (const { key, event } of await stuckEvents(client, organizerId)) {
      if (!seen.has(key)) emit(key, event);
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await poll().catch(() => undefined);
      // Unref'd: a stopped follower never keeps a finished command's process alive.
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    }
  };
  void loop();
  return { stop: () => void (stopped = true) };
}
