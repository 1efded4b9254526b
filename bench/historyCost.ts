/**
 * What a bench phase cost Temporal, read from the histories it left (issue 17 item 5): history
 * events, Temporal Cloud billable actions, and an estimate of the server's persistence transactions,
 * in total, per workflow type, per 1 000 ticket changes and per transfer. BENCHMARKS.md ("On a real
 * cluster, on paper") turns them into shards, writes/s and a Cloud bill.
 *
 * Actions follow https://docs.temporal.io/cloud/actions (read 2026-12-01, temporalio/documentation
 * commit 24afc58): a workflow start (client, cron run, continue-as-new) 1; a child workflow 2, at
 * the parent's StartChildWorkflowExecutionInitiated (intent + start; the child's own start event
 * then counts 0); an activity 1 at ActivityTaskScheduled plus 1 per retry (ActivityTaskStarted's
 * attempt − 1); the markers (local activities) of one workflow task 1 together, plus the local
 * activity retries the workflow task reports (meteringMetadata); a timer 1; a signal 1 at the
 * signalled side; a search-attribute upsert 1 (not a `TemporalChangeVersion`-only one); an update
 * accepted 1; workflow options updated 1; a reset 1. Not in a history, so not counted here: activity
 * and workflow-task heartbeats, queries (the `status` command, unschedule's progress read).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export const ACTION_KINDS = [
  'workflowStarted',
  'childWorkflowStarted',
  'activityScheduled',
  'activityRetried',
  'localActivityTasks',
  'localActivityRetried',
  'timerStarted',
  'signalReceived',
  'searchAttributesUpserted',
  'updateAccepted',
  'optionsUpdated',
  'reset',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export type ActionCounts = Record<ActionKind, number>;

/** What one history (or a sum of them) cost. */
export interface HistoryTally {
  executions: number;
  events: number;
  /** Billable actions, by kind; `total` is their sum. */
  actions: ActionCounts & { total: number };
  /**
   * Estimated server transactions: one per event not written with another (every event but
   * WorkflowTaskScheduled and the events of a completed workflow task's commands). Each is one
   * mutable-state update plus one history append on a SQL store.
   */
  transactions: number;
  /** Visibility writes: each execution's open and close records, plus each search-attribute upsert. */
  visibilityWrites: number;
  /**
   * Activity attempts with a heartbeat timeout: each sends at least one heartbeat (the SDK sends the
   * first at once, then at most one per 80 % of the timeout), an action no history shows; a lower
   * bound of the heartbeat actions, not in `actions.total`.
   */
  heartbeatingAttempts: number;
}

export interface HistoryCost extends HistoryTally {
  /** The phase's ticket changes (diff items) and transfers the ratios are taken over. */
  changes: number;
  transfers: number;
  byWorkflowType: Record<string, HistoryTally>;
  /** Events counted by type name (`WORKFLOW_TASK_COMPLETED`, …). */
  eventTypes: Record<string, number>;
  per1000Changes: Ratios;
  /** Per transfer: the whole phase's cost divided by its transfers (0 when it had none). */
  perTransfer: Ratios;
  /** The transfer workflows and their hand-off parents alone, per transfer. */
  transferWorkflowsPerTransfer: Ratios;
  /** Executions still open when counted (0 once the phase has settled). */
  stillOpen: number;
}

export interface Ratios {
  events: number;
  actions: number;
  transactions: number;
  visibilityWrites: number;
}

/**
 * The transfer workflows and their hand-off workflows (startTransfersWorkflow: only in histories
 * from before the `transfer-steps-handed-by-activity` patch; the hand-off activity's events are in
 * its caller's history, the feedback run's or the import's). A type absent from the phase counts 0.
 */
const TRANSFER_WORKFLOW_TYPES = ['transferWorkflow', 'startTransfersWorkflow'];
const CHANGE_VERSION_ATTRIBUTE = 'TemporalChangeVersion';

export function emptyTally(): HistoryTally {
  const actions = Object.fromEntries(ACTION_KINDS.map((kind) => [kind, 0])) as ActionCounts;
  return {
    executions: 0,
    events: 0,
    actions: { ...actions, total: 0 },
    transactions: 0,
    visibilityWrites: 0,
    heartbeatingAttempts: 0,
  };
}

export function addTally(into: HistoryTally, other: HistoryTally): HistoryTally {
  into.executions += other.executions;
  into.events += other.events;
  into.transactions += other.transactions;
  into.visibilityWrites += other.visibilityWrites;
  into.heartbeatingAttempts += other.heartbeatingAttempts;
  for (const kind of ACTION_KINDS) into.actions[kind] += other.actions[kind];
  into.actions.total += other.actions.total;
  return into;
}

/** The short name of an event's type: `WORKFLOW_TASK_COMPLETED`. */
export function eventTypeName(event: HistoryEvent): string {
  const name = EventType[event.eventType ?? 0] ?? `UNKNOWN_${String(event.eventType)}`;
  return name.replace(/^EVENT_TYPE_/, '');
}

/** An int64 of a decoded history: a number, or a Long (protobufjs). */
export function asNumber(value: unknown): number {
  if (value !== null && typeof value === 'object' && 'toNumber' in value) {
    return (value as { toNumber(): number }).toNumber();
  }
  return Number(value ?? 0);
}

/** Milliseconds of a protobuf Timestamp or Duration (`seconds` an int64, `nanos`). */
export function protoMs(value: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!value) return 0;
  return asNumber(value.seconds) * 1000 + Math.round((value.nanos ?? 0) / 1e6);
}

/** The attributes of an event that a workflow task's command wrote (they name that task). */
function commandAttributes(event: HistoryEvent): boolean {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventAttributes') || value === null || typeof value !== 'object') continue;
    if ('workflowTaskCompletedEventId' in value) {
      const id = (value as { workflowTaskCompletedEventId?: unknown }).workflowTaskCompletedEventId;
      if (asNumber(id) > 0) return true;
    }
  }
  return false;
}

function upsertedOnlyChangeVersion(event: HistoryEvent): boolean {
  const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
  const names = Object.keys(fields);
  return names.length > 0 && names.every((name) => name === CHANGE_VERSION_ATTRIBUTE);
}

/** Counts one execution's history: events, billable actions, transactions, visibility writes. */
export function tallyHistory(events: readonly HistoryEvent[]): HistoryTally {
  const tally = emptyTally();
  tally.executions = 1;
  tally.events = events.length;
  tally.visibilityWrites = 2;
  const markerTasks = new Set<string>();
  const heartbeating = new Set<string>();
  const count = (kind: ActionKind, n = 1): void => {
    tally.actions[kind] += n;
    tally.actions.total += n;
  };
  for (const event of events) {
    const type = event.eventType ?? 0;
    if (type !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED && !commandAttributes(event)) {
      tally.transactions += 1;
    }
    switch (type) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        if (!event.workflowExecutionStartedEventAttributes?.parentWorkflowExecution) count('workflowStarted');
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        count('childWorkflowStarted', 2);
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        count('activityScheduled');
        if (protoMs(event.activityTaskScheduledEventAttributes?.heartbeatTimeout) > 0) {
          heartbeating.add(String(asNumber(event.eventId)));
        }
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const attempts = event.activityTaskStartedEventAttributes;
        const attempt = asNumber(attempts?.attempt ?? 1);
        if (attempt > 1) count('activityRetried', attempt - 1);
        if (heartbeating.has(String(asNumber(attempts?.scheduledEventId)))) {
          tally.heartbeatingAttempts += Math.max(1, attempt);
        }
        break;
      }
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        markerTasks.add(String(asNumber(event.markerRecordedEventAttributes?.workflowTaskCompletedEventId)));
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: {
        const retries =
          event.workflowTaskCompletedEventAttributes?.meteringMetadata
            ?.nonfirstLocalActivityExecutionAttempts ?? 0;
        if (retries > 0) count('localActivityRetried', retries);
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        count('timerStarted');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        count('signalReceived');
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        tally.visibilityWrites += 1;
        if (!upsertedOnlyChangeVersion(event)) count('searchAttributesUpserted');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        count('updateAccepted');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED:
        count('optionsUpdated');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        if (
          event.workflowTaskFailedEventAttributes?.cause ===
          temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW
        ) {
          count('reset');
        }
        break;
      default:
        break;
    }
  }
  count('localActivityTasks', markerTasks.size);
  return tally;
}

function ratios(tally: HistoryTally, over: number, scale = 1): Ratios {
  const r = (value: number): number => (over > 0 ? Math.round((value / over) * scale * 100) / 100 : 0);
  return {
    events: r(tally.events),
    actions: r(tally.actions.total),
    transactions: r(tally.transactions),
    visibilityWrites: r(tally.visibilityWrites),
  };
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

export interface HistoryCostOptions {
  /** Visibility query selecting the phase's executions, e.g. `OrganizerId = 'bench-t200-…'`. */
  query: string;
  changes: number;
  transfers: number;
  /** Histories fetched at once (default 8). */
  concurrency?: number;
}

/**
 * Lists the executions the query selects, fetches every history and adds them up. Histories are
 * fetched raw: payloads are neither decoded nor needed.
 */
export async function measureHistoryCost(client: Client, options: HistoryCostOptions): Promise<HistoryCost> {
  const executions: { workflowId: string; runId: string; type: string; open: boolean }[] = [];
  for await (const execution of client.workflow.list({ query: options.query })) {
    executions.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      type: execution.type,
      open: execution.status.name === 'RUNNING',
    });
  }
  const total = emptyTally();
  const byWorkflowType: Record<string, HistoryTally> = {};
  const eventTypes: Record<string, number> = {};
  await eachLimited(executions, options.concurrency ?? 8, async (execution) => {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const events = history.events ?? [];
    const tally = tallyHistory(events);
    addTally(total, tally);
    addTally((byWorkflowType[execution.type] ??= emptyTally()), tally);
    for (const event of events) {
      const name = eventTypeName(event);
      eventTypes[name] = (eventTypes[name] ?? 0) + 1;
    }
  });
  const transferTally = emptyTally();
  for (const type of TRANSFER_WORKFLOW_TYPES) {
    const tally = byWorkflowType[type];
    if (tally) addTally(transferTally, tally);
  }
  return {
    ...total,
    changes: options.changes,
    transfers: options.transfers,
    byWorkflowType,
    eventTypes,
    per1000Changes: ratios(total, options.changes, 1000),
    perTransfer: ratios(total, options.transfers),
    transferWorkflowsPerTransfer: ratios(transferTally, options.transfers),
    stillOpen: executions.filter((execution) => execution.open).length,
  };
}

/** Waits until the query selects no running execution (transfers close just after they settle). */
export async function waitUntilClosed(client: Client, query: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { count } = await client.workflow.count(`${query} AND ExecutionStatus = 'Running'`);
    if (count === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One line per figure, for the bench's printout. */
export function formatHistoryCost(label: string, cost: HistoryCost): string {
  const a = cost.actions;
  const kinds = ACTION_KINDS.filter((kind) => a[kind] > 0)
    .map((kind) => `${kind} ${a[kind]}`)
    .join(', ');
  const types = Object.entries(cost.byWorkflowType)
    .map(([type, t]) => `${type} ×${t.executions}: ${t.events} events, ${t.actions.total} actions`)
    .join('; ');
  return [
    `history cost of ${label} (${cost.changes} changes, ${cost.transfers} transfers, ${cost.executions} executions${cost.stillOpen ? `, ${cost.stillOpen} still open` : ''}):`,
    `  events ${cost.events}, actions ${a.total}, transactions ≈ ${cost.transactions}, visibility writes ${cost.visibilityWrites}`,
    `  per 1 000 changes: ${cost.per1000Changes.events} events, ${cost.per1000Changes.actions} actions, ${cost.per1000Changes.transactions} transactions`,
    `  heartbeat actions not in these figures: ≥ ${cost.heartbeatingAttempts} (one per attempt of an activity with a heartbeat timeout)`,
    `  per transfer: ${cost.perTransfer.events} events, ${cost.perTransfer.actions} actions (transfer workflows alone: ${cost.transferWorkflowsPerTransfer.events} events, ${cost.transferWorkflowsPerTransfer.actions} actions)`,
    `  actions by kind: ${kinds}`,
    `  by workflow type: ${types}`,
  ].join('\n');
}
