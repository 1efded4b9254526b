import { temporal } from '@temporalio/proto';
import { runOnce } from '../../src/client/runOnce';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { recordHistory } from '../support/recordHistory';
import { stacksStoppedAfterAll, startTestStack, statusOf, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const EventType = temporal.api.enums.v1.EventType;
const stackFor = stacksStoppedAfterAll();

/** The run's history: its events' types, the activities it scheduled (type, start-to-close in s). */
async function runShape(stack: TestStack) {
  const history = await stack.client.workflow.getHandle(feedbackWorkflowId(stack.organizerId)).fetchHistory();
  const events = history.events ?? [];
  return {
    events: events.length,
    workflowTasks: events.filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
      .length,
    activities: events.flatMap((event) => {
      const scheduled = event.activityTaskScheduledEventAttributes;
      return scheduled
        ? [[scheduled.activityType?.name, Number(scheduled.startToCloseTimeout?.seconds ?? 0)]]
        : [];
    }),
    patches: events.flatMap((event) => {
      const marker = event.markerRecordedEventAttributes;
      return marker?.markerName === 'core_patch' ? [marker] : [];
    }).length,
  };
}

describe('an idle run (issue 17 item 4; real Temporal server and simulators)', () => {
  it('is one page activity that reads the run settings too: two workflow tasks, 13 events', async () => {
    const stack = await stackFor('idle');
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect([run.items, run.pages, run.stoppedBy]).toEqual([0, 1, 'drained']);

    // Started, 2 × (workflow task scheduled, started, completed), the patch's marker and its
    // TemporalChangeVersion upsert, the page activity (scheduled, started, completed), completed.
    // Before: 17 events, 3 workflow tasks, a loadRunSettings activity then the page activity.
    expect(await runShape(stack)).toEqual({
      events: 13,
      workflowTasks: 2,
      activities: [['processDiffPage', 300]],
      patches: 1,
    });
    await recordHistory('feedback-run-once-idle-settings-with-page', feedbackWorkflowId(stack.organizerId));
  });

  it('its first page applies the configuration’s skip list and reports its settings’ warnings', async () => {
    const stack = await stackFor('first-page', {
      skipTickets: 'id:T-2',
      customParameters: 'someFutureKey=1',
    });
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0), ticket('T-2', 'ASSIGNED', 1));
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([run.items, run.applied, run.skipped, run.stoppedBy]).toEqual([2, 1, 1, 'drained']);
    expect(run.warnings).toEqual([expect.stringContaining('someFutureKey')]);
    expect(await statusOf(stack, 'T-1')).toBe('DOWNLOADED');
    expect(await statusOf(stack, 'T-2')).toBeUndefined();
    // The changes' page, then the empty one: no settings activity.
    expect((await runShape(stack)).activities.map(([name]) => name)).toEqual([
      'processDiffPage',
      'processDiffPage',
    ]);
  });

  describe('an organizer whose timeouts ask for a longer page attempt than the default', () => {
    let stack: TestStack | undefined;
    afterAll(async () => stack?.stop());

    it('gets its settings from the first call and reads its first page with its own timeout', async () => {
      // tixngo.timeoutMs 200 s: a page attempt may take 3 × 200 + 2 × 10 + 30 + 60 = 710 s.
      stack = await startTestStack('long-timeout', {}, { tixngoTimeoutMs: 200_000 });
      stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0));
      const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
      expect([run.items, run.applied, run.stoppedBy]).toEqual([1, 1, 'drained']);
      expect((await runShape(stack)).activities).toEqual([
        ['processDiffPage', 300], // the settings only: the page needs longer than this attempt
        ['processDiffPage', 710],
        ['processDiffPage', 710],
      ]);
      await recordHistory(
        'feedback-run-once-settings-ask-longer-page',
        feedbackWorkflowId(stack.organizerId),
      );
    });
  });
});
