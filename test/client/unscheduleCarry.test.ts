/**
 * Unschedule, then schedule again, loses nothing the stopped run had: signals sent to a run that
 * was waiting for its cron time (its state query cannot answer yet: they are only in its history),
 * and the progress of a run stopped mid-way (real Temporal server, simulators over HTTP).
 */
import type { Client } from '@temporalio/client';
import { runOnce } from '../../src/client/runOnce';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { carryOver, scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { signalSkipList } from '../../src/client/skipTickets';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { stateQuery, type FeedbackRunResult } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually } from '../support/env';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

/** A cron time months away: the schedule's run waits for it (its first workflow task is not scheduled). */
const FAR_CRON = '0 0 1 1 *';

const stackFor = stacksStoppedAfterAll();

/** The first run of the schedule started as `firstRunId` to finish. */
async function firstFinishedRun(client: Client, organizerId: string, firstRunId: string) {
  return eventually(async () => {
    const runs = await completedFeedbackRuns(client, organizerId);
    return runs.find((run) => run.runId === firstRunId)?.result;
  }, 'the first run of the new schedule to finish');
}

describe('unschedule keeps what the stopped run had', () => {
  it('skip and unskip sent to the run waiting for its cron time reach the next schedule’s first run', async () => {
    const stack = await stackFor('unsched-wait');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    const finished = await runOnce(client, { organizerId, taskQueue });
    expect(finished.applied).toBe(1);

    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: FAR_CRON });
    await signalSkipList(client, organizerId, 'skip', ['id:T-2', 'tax-T-3']);
    await signalSkipList(client, organizerId, 'unskip', ['tax-T-3']);
    const outcome = await unscheduleOrganizer(client, organizerId, 'test: unschedule a waiting run');
    expect(outcome).toMatchObject({
      progress: 'not-started',
      carried: {
        input: { skipTickets: ['id:T-2'], paginationKey: finished.paginationKey },
        // The schedule's input: what the run-once had left.
        keySource: 'run-start',
        signalsApplied: 2,
      },
    });

    stack.tixngo.changes.append(ticket('T-2', 'DOWNLOADED', 5), ticket('T-3', 'DOWNLOADED', 5));
    const handle = await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    const first = await firstFinishedRun(client, organizerId, handle.firstExecutionRunId);
    await unscheduleOrganizer(client, organizerId, 'test finished');

    expect(first).toMatchObject({ skipTickets: ['id:T-2'], items: 2, skipped: 1, applied: 1 });
    expect(await statusOf(stack, 'T-2')).toBeUndefined();
    expect(await statusOf(stack, 'T-3')).toBe('DOWNLOADED');
  });

  it('with no worker to answer the state query: the signals are kept, the key stays where the run started', async () => {
    const stack = await stackFor('unsched-noworker');
    const { organizerId, client } = stack;
    // A task queue nobody polls: the run's first workflow task is scheduled but never runs.
    const handle = await scheduleOrganizer(client, {
      organizerId,
      taskQueue: `${stack.taskQueue}-nobody`,
      cronSchedule: '@every 1s',
      paginationKey: 'k-start',
    });
    const waiting = client.workflow.getHandle(feedbackWorkflowId(organizerId), handle.firstExecutionRunId);
    await eventually(async () => {
      const events = (await waiting.fetchHistory()).events ?? [];
      return events.some((event) => event.workflowTaskScheduledEventAttributes) ? true : undefined;
    }, 'the run’s first workflow task to be scheduled');
    await signalSkipList(client, organizerId, 'skip', ['id:T-5']);

    const outcome = await unscheduleOrganizer(client, organizerId, 'test: unschedule with no worker');
    expect(outcome).toMatchObject({
      runId: handle.firstExecutionRunId,
      progress: 'unanswered',
      carried: {
        input: { paginationKey: 'k-start', skipTickets: ['id:T-5'] },
        keySource: 'run-start',
        signalsApplied: 1,
      },
    });
    // Why the query went unanswered (deadline or cancelled call) depends on timing: only that it is said.
    expect(outcome.progressProblem).toEqual(expect.any(String));
  });

  it('a run stopped mid-way: the next schedule goes on from the run’s own progress, with its rejections', async () => {
    const stack = await stackFor('unsched-midway', { batchSize: 1 });
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(
      ticket('T-1', 'INJECTED', 0),
      ticket('T-2', 'TELEPORTED', 1),
      ticket('T-3', 'INJECTED', 2),
      ticket('T-4', 'INJECTED', 3),
    );
    // Two pages are served, then every request hangs and drops: the run stays on its third page.
    stack.tixngo.faults.next(['ok', 'ok']);
    stack.tixngo.faults.set({ timeoutRate: 1, hangMs: 1_000 });

    const handle = await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    const running = client.workflow.getHandle(feedbackWorkflowId(organizerId), handle.firstExecutionRunId);
    const state = await eventually(async () => {
      const answer = await running.query(stateQuery).catch(() => undefined);
      return answer && answer.progress.pages === 2 ? answer : undefined;
    }, 'the run to apply two pages and wait on the third');
    await signalSkipList(client, organizerId, 'skip', ['id:T-4']);

    const outcome = await unscheduleOrganizer(client, organizerId, 'test: unschedule mid-way');
    expect(outcome.runId).toBe(handle.firstExecutionRunId);
    expect(outcome).toMatchObject({
      progress: 'read',
      carried: { keySource: 'run-progress', progressPages: 2, signalsApplied: 1 },
    });
    expect(outcome.carried.input.paginationKey).toBe(state.paginationKey);
    expect(outcome.carried.input.skipTickets).toEqual(['id:T-4']);
    expect(outcome.carried.input.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);
    expect(await carryOver(client, organizerId)).toEqual(outcome.carried.input);

    stack.tixngo.faults.clear();
    const next = await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    const first: FeedbackRunResult = await firstFinishedRun(client, organizerId, next.firstExecutionRunId);
    await unscheduleOrganizer(client, organizerId, 'test finished');

    // T-1 and T-2 are not read again; T-2 is still reported; T-4 is skipped.
    expect(first).toMatchObject({ items: 2, skipped: 1, skipTickets: ['id:T-4'] });
    expect(first.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);
    expect(await statusOf(stack, 'T-3')).toBe('INJECTED');
    expect(await statusOf(stack, 'T-4')).toBeUndefined();
  });
});
