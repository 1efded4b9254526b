import { WorkflowFailedError } from '@temporalio/client';
import { runOnce } from '../../src/client/runOnce';
import { OrganizerAlreadyScheduledError, scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { stateQuery } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually } from '../support/env';
import { recordHistory } from '../support/recordHistory';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

describe('feedback runs (real Temporal server, TIXNGO and S-360 simulators over HTTP)', () => {
  it('drains the diff across runs, each run carrying on from the previous run’s key', async () => {
    const stack = await stackFor('drain', { batchSize: 2, pageBudget: 1 });
    stack.tixngo.changes.append(
      ticket('T-1', 'INJECTED', 0),
      ticket('T-2', 'DOWNLOADED', 1),
      ticket('T-3', 'ASSIGNED', 2),
      ticket('T-4', 'CONTROLLED', 3),
      ticket('T-5', 'DELETED', 4),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const first = await runOnce(stack.client, options);
    const second = await runOnce(stack.client, options);
    const third = await runOnce(stack.client, options);

    expect([first, second, third].map((run) => [run.items, run.applied, run.stoppedBy])).toEqual([
      [2, 2, 'page-budget'],
      [2, 2, 'page-budget'],
      // A short page whose key moved is not the end (SPEC §10): only the next, empty page says drained.
      [1, 1, 'page-budget'],
    ]);
    expect(new Set([first.paginationKey, second.paginationKey, third.paginationKey]).size).toBe(3);
    expect(await statusOf(stack, 'T-5')).toBe('DELETED');
    expect(await statusOf(stack, 'T-1')).toBe('INJECTED');

    const idle = await runOnce(stack.client, options);
    expect([idle.items, idle.paginationKey, idle.stoppedBy]).toEqual([0, third.paginationKey, 'drained']);
    await recordHistory('feedback-run-once-drained', feedbackWorkflowId(stack.organizerId));
  });

  it('refuses a run-once while the organizer is scheduled, and a second schedule', async () => {
    const stack = await stackFor('single');
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    await scheduleOrganizer(stack.client, { ...options, cronSchedule: '*/5 * * * *' });
    await expect(runOnce(stack.client, options)).rejects.toBeInstanceOf(OrganizerAlreadyScheduledError);
    await expect(scheduleOrganizer(stack.client, options)).rejects.toThrow(
      'Only one feedback execution per organizer may exist at a time',
    );
    await unscheduleOrganizer(stack.client, stack.organizerId, 'test finished');
  });

  it('quarantines a malformed item while the rest of its page applies, and keeps reporting it until fixed', async () => {
    const stack = await stackFor('quarantine');
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 0),
      ticket('T-2', 'TELEPORTED', 1),
      ticket('T-3', 'ASSIGNED', 2),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect([run.applied, run.rejected]).toEqual([2, 1]);
    expect(run.openRejections).toEqual([
      expect.objectContaining({
        ticketId: 'T-2',
        path: 'status',
        raw: expect.stringContaining('TELEPORTED'),
      }),
    ]);
    expect(await statusOf(stack, 'T-1')).toBe('DOWNLOADED');
    expect(await statusOf(stack, 'T-3')).toBe('ASSIGNED');
    expect(await statusOf(stack, 'T-2')).toBeUndefined();

    // Visible in the run's `state` query too.
    const state = await stack.client.workflow
      .getHandle(feedbackWorkflowId(stack.organizerId))
      .query(stateQuery);
    expect(state.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);

    // Not picked up again (the key moved on), but still reported by the next run.
    const next = await runOnce(stack.client, options);
    expect([next.items, next.rejected, next.openRejections.map((item) => item.ticketId)]).toEqual([
      0,
      0,
      ['T-2'],
    ]);

    // A valid change of the ticket resolves it.
    stack.tixngo.changes.append(ticket('T-2', 'DOWNLOADED', 5));
    const fixed = await runOnce(stack.client, options);
    expect(fixed.openRejections).toEqual([]);
    await recordHistory('feedback-run-once-rejection-resolved', feedbackWorkflowId(stack.organizerId));
    expect(await statusOf(stack, 'T-2')).toBe('DOWNLOADED');
  });

  it('with doContinueInCaseOfSyncError=false stops at the first failing ticket and keeps the key', async () => {
    const stack = await stackFor('strict', { customParameters: 'doContinueInCaseOfSyncError=false' });
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 0),
      { ticketId: 'T-2', status: 'ASSIGNED' },
      ticket('T-3', 'ASSIGNED', 2),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect(run.stoppedBy).toBe('sync-error');
    expect(run.syncError).toEqual(expect.objectContaining({ ticketId: 'T-2', path: 'statusChangedAt' }));
    expect(await statusOf(stack, 'T-1')).toBe('DOWNLOADED');
    expect(await statusOf(stack, 'T-3')).toBeUndefined();

    const again = await runOnce(stack.client, options);
    expect([again.stoppedBy, again.syncError?.ticketId, again.paginationKey]).toEqual([
      'sync-error',
      'T-2',
      run.paginationKey,
    ]);
  });

  it('refuses a history-mode configuration with a message naming the organizer and the parameter', async () => {
    const stack = await stackFor('history', { customParameters: 'TIXNGO_LIFECYCLE_MODE=history' });
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0));
    const failure = await runOnce(stack.client, {
      organizerId: stack.organizerId,
      taskQueue: stack.taskQueue,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause?.message).toContain(`organizer "${stack.organizerId}", field "customParameters"`);
    expect(cause?.message).toContain('TIXNGO_LIFECYCLE_MODE');
    expect(cause?.message).toMatch(/history/);
    expect(await statusOf(stack, 'T-1')).toBeUndefined();
  });

  it('runs before the schedule’s start date do nothing', async () => {
    const stack = await stackFor('start-date');
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    const { organizerId } = stack;
    await scheduleOrganizer(stack.client, {
      organizerId,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 1s',
      startDate: new Date(Date.now() + 3_600_000),
    });
    const runs = await eventually(async () => {
      const done = await completedFeedbackRuns(stack.client, organizerId);
      return done.length > 0 ? done : undefined;
    }, 'a first run');
    expect(runs[0]?.result).toMatchObject({ stoppedBy: 'not-started', pages: 0 });
    expect(await statusOf(stack, 'T-1')).toBeUndefined();
    await unscheduleOrganizer(stack.client, organizerId, 'test finished');
  });

  it('the schedule ends at its end date', async () => {
    const stack = await stackFor('end-date');
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    const { organizerId } = stack;
    await scheduleOrganizer(stack.client, {
      organizerId,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 1s',
      endDate: new Date(Date.now() + 4_000),
    });
    await eventually(async () => {
      const description = await stack.client.workflow.getHandle(feedbackWorkflowId(organizerId)).describe();
      return description.status.name === 'TIMED_OUT' ? true : undefined;
    }, 'the schedule to end at its end date');
    expect(await statusOf(stack, 'T-1')).toBe('INJECTED');
  });

  it('an organizer’s runs are found by the OrganizerId search attribute (as in the Temporal UI)', async () => {
    const stack = await stackFor('search');
    await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const execution of stack.client.workflow.list({
        query: `OrganizerId = '${stack.organizerId}'`,
      })) {
        ids.push(execution.workflowId);
      }
      return ids.length > 0 ? ids : undefined;
    }, 'visibility to list the run');
    expect(found).toEqual([feedbackWorkflowId(stack.organizerId)]);
  });
});
