import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** The events of a workflow's (latest or given) run. */
export async function historyEvents(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
}

/**
 * What a workflow did with its children, in history order: `initiated <id>` when it asked for a
 * child's start, `started <id>` when the server reported it started.
 */
export function childStarts(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (event.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED && initiated)
      return [`initiated ${initiated.workflowId ?? ''}`];
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (event.eventType === EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED && started)
      return [`started ${started.workflowExecution?.workflowId ?? ''}`];
    return [];
  });
}

/** The children a workflow asked to start: id and workflow type, in history order. */
export function childrenInitiated(events: readonly HistoryEvent[]): { workflowId: string; type: string }[] {
  return events.flatMap((event) => {
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    return initiated
      ? [{ workflowId: initiated.workflowId ?? '', type: initiated.workflowType?.name ?? '' }]
      : [];
  });
}

const CHILD_CLOSED = new Set<number>([
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
]);

/**
 * The most children the workflow had pending at once (asked for and not closed yet), the count
 * Temporal bounds at 2 000 per workflow: a child left running (parent-close ABANDON) stays pending
 * until the parent closes.
 */
export function mostPendingChildren(events: readonly HistoryEvent[]): number {
  let pending = 0;
  let most = 0;
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) pending += 1;
    else if (event.eventType !== null && event.eventType !== undefined && CHILD_CLOSED.has(event.eventType))
      pending -= 1;
    most = Math.max(most, pending);
  }
  return most;
}

/** The activities a workflow scheduled, by type, in history order. */
export function activitiesScheduled(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    return event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && scheduled
      ? [scheduled.activityType?.name ?? '']
      : [];
  });
}

/** The signals a workflow received, by name, in history order. */
export function signalsReceived(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const signalled = event.workflowExecutionSignaledEventAttributes;
    return event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED && signalled
      ? [signalled.signalName ?? '']
      : [];
  });
}

/** When the server started a workflow's (latest) run, in nanoseconds: its first event's time. */
export async function startedAtNs(client: Client, workflowId: string): Promise<bigint> {
  const [first] = await historyEvents(client, workflowId);
  const time = first?.eventTime;
  const seconds = BigInt(String(time?.seconds ?? 0));
  return seconds * 1_000_000_000n + BigInt(time?.nanos ?? 0);
}
