/**
 * The bench's history counting on hand-built histories (one piece, no server): billable actions as
 * https://docs.temporal.io/cloud/actions defines them, transactions, visibility writes, and a cron
 * run's fire time and first task start.
 */
import { temporal } from '@temporalio/proto';
import { tallyHistory } from '../../../bench/historyCost';
import { runTiming } from '../../../bench/organizers';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const T = temporal.api.enums.v1.EventType;

/** A history event as plain JSON (int64 fields as numbers; the decoded form has Longs, both are read). */
type PlainEvent = Record<string, unknown>;
const plain = (events: PlainEvent[]): HistoryEvent[] => events as unknown as HistoryEvent[];
let nextId = 0;
const event = (eventType: temporal.api.enums.v1.EventType, rest: PlainEvent = {}): PlainEvent => ({
  eventId: (nextId += 1),
  eventTime: { seconds: 1000 + nextId, nanos: 0 },
  eventType,
  ...rest,
});

describe('tallyHistory', () => {
  it('counts the actions of a parent that runs an activity (retried twice), local activities, a child, a timer, a signal and upserts', () => {
    nextId = 0;
    const history = plain([
      event(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, { workflowExecutionStartedEventAttributes: {} }),
      event(T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
      event(T.EVENT_TYPE_WORKFLOW_TASK_STARTED),
      event(T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
        workflowTaskCompletedEventAttributes: {
          meteringMetadata: { nonfirstLocalActivityExecutionAttempts: 1 },
        },
      }),
      // Two local activities of the task completed as event 4: one action together.
      event(T.EVENT_TYPE_MARKER_RECORDED, {
        markerRecordedEventAttributes: { workflowTaskCompletedEventId: 4 },
      }),
      event(T.EVENT_TYPE_MARKER_RECORDED, {
        markerRecordedEventAttributes: { workflowTaskCompletedEventId: 4 },
      }),
      event(T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, {
        activityTaskScheduledEventAttributes: {
          workflowTaskCompletedEventId: 4,
          heartbeatTimeout: { seconds: 15, nanos: 0 },
        },
      }),
      event(T.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, {
        startChildWorkflowExecutionInitiatedEventAttributes: { workflowTaskCompletedEventId: 4 },
      }),
      event(T.EVENT_TYPE_TIMER_STARTED, { timerStartedEventAttributes: { workflowTaskCompletedEventId: 4 } }),
      event(T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
        upsertWorkflowSearchAttributesEventAttributes: {
          workflowTaskCompletedEventId: 4,
          searchAttributes: { indexedFields: { TemporalChangeVersion: {} } },
        },
      }),
      event(T.EVENT_TYPE_ACTIVITY_TASK_STARTED, {
        activityTaskStartedEventAttributes: { attempt: 3, scheduledEventId: 7 },
      }),
      event(T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
      event(T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
      event(T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
      event(T.EVENT_TYPE_WORKFLOW_TASK_STARTED),
      event(T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, { workflowTaskCompletedEventAttributes: {} }),
      event(T.EVENT_TYPE_MARKER_RECORDED, {
        markerRecordedEventAttributes: { workflowTaskCompletedEventId: 16 },
      }),
      event(T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
        upsertWorkflowSearchAttributesEventAttributes: {
          workflowTaskCompletedEventId: 16,
          searchAttributes: { indexedFields: { TransferStatus: {} } },
        },
      }),
      event(T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
        workflowExecutionCompletedEventAttributes: { workflowTaskCompletedEventId: 16 },
      }),
    ]);
    const tally = tallyHistory(history);
    expect(tally.actions).toEqual({
      workflowStarted: 1,
      childWorkflowStarted: 2,
      activityScheduled: 1,
      activityRetried: 2,
      localActivityTasks: 2,
      localActivityRetried: 1,
      timerStarted: 1,
      signalReceived: 1,
      // The TemporalChangeVersion-only upsert is free.
      searchAttributesUpserted: 1,
      updateAccepted: 0,
      optionsUpdated: 0,
      reset: 0,
      total: 12,
    });
    expect(tally.events).toBe(19);
    // Not written with another event: started, 2 × (task started, task completed), activity
    // started, activity completed, signalled.
    expect(tally.transactions).toBe(8);
    expect(tally.visibilityWrites).toBe(2 + 2);
    // Three attempts of an activity with a heartbeat timeout: at least three heartbeats.
    expect(tally.heartbeatingAttempts).toBe(3);
  });

  it('counts a child workflow at its parent only', () => {
    nextId = 0;
    const child = tallyHistory(
      plain([
        event(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
          workflowExecutionStartedEventAttributes: {
            parentWorkflowExecution: { workflowId: 'p', runId: 'r' },
          },
        }),
      ]),
    );
    expect(child.actions.total).toBe(0);
  });
});

describe('runTiming', () => {
  it('fires a cron run at its start plus its first workflow task backoff', () => {
    nextId = 0;
    const timing = runTiming(
      plain([
        {
          eventId: 1,
          eventTime: { seconds: 100, nanos: 500_000_000 },
          eventType: T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          workflowExecutionStartedEventAttributes: { firstWorkflowTaskBackoff: { seconds: 14, nanos: 0 } },
        },
        {
          eventId: 2,
          eventTime: { seconds: 114, nanos: 500_000_000 },
          eventType: T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        },
        { eventId: 3, eventTime: { seconds: 115, nanos: 0 }, eventType: T.EVENT_TYPE_WORKFLOW_TASK_STARTED },
        {
          eventId: 4,
          eventTime: { seconds: 116, nanos: 0 },
          eventType: T.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
        },
      ]),
    );
    expect(timing).toEqual({
      fireAt: 114_500,
      firstTaskStartedAt: 115_000,
      closedAs: 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
    });
  });
});
