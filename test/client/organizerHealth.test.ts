/**
 * `status` shows an organizer's health, not only its last completed run (issue 15 item 3): a failed
 * last run and its reason, the current run's failing activity (attempts, decoded last failure), how
 * long since the last successful run, and it answers while a cron run waits for its fire time (real
 * Temporal server, simulators over HTTP).
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { encryptingDataConverter } from '../../src/codec/dataConverter';
import { parseCodecKeys } from '../../src/codec/keys';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { organizerStatus } from '../../src/client/organizerStatus';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { runOnce } from '../../src/client/runOnce';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { signalSkipList } from '../../src/client/skipTickets';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { formatStatus } from '../../src/cli/format';
import { eventually } from '../support/env';
import { stacksStoppedAfterAll } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

describe('status shows health', () => {
  it('a halted run is not a successful one: the last success is the run before it, and status says it halted', async () => {
    const stack = await stackFor('health-halted');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('OK-1', 'INJECTED', 0));
    const good = await runOnce(client, { organizerId, taskQueue });
    expect(good.stoppedBy).toBe('drained');
    const [goodRun] = await completedFeedbackRuns(client, organizerId);
    stack.tixngo.changes.append(
      ...Array.from({ length: 15 }, (_, i) => ticket(`NEWST-${i}`, 'RESALE_LISTED', 1)),
      ...Array.from({ length: 10 }, (_, i) => ticket(`NEWST-OK-${i}`, 'DOWNLOADED', 1)),
    );
    const halted = await runOnce(client, { organizerId, taskQueue });
    expect(halted.stoppedBy).toBe('halted');

    const status = await organizerStatus(client, organizerId);
    expect(status.lastRun?.result.stoppedBy).toBe('halted');
    expect(status.lastSuccessAt).toEqual(goodRun?.closedAt);
    expect(formatStatus(status)).toMatch(/last run HALTED/);
  });

  it('the last run failed on a TIXNGO 401: "failed", the decoded reason, and the last successful run', async () => {
    const stack = await stackFor('health-failed');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 2s' });
    await eventually(async () => {
      const [first] = await completedFeedbackRuns(client, organizerId);
      return first && first.result.applied === 1 ? first : undefined;
    }, 'the first run to apply T-1 and complete');
    // Every later run meets a 401 (one request per run: a 401 is not retried).
    stack.tixngo.faults.next(Array.from({ length: 200 }, () => '401' as const));

    const status = await eventually(async () => {
      const answer = await organizerStatus(client, organizerId);
      return answer.lastClosedRun?.outcome === 'failed' ? answer : undefined;
    }, 'a run to fail on the 401');
    await unscheduleOrganizer(client, organizerId, 'test finished');

    expect(status.lastClosedRun?.reason).toContain('TIXNGO refused the API key');
    expect(status.lastClosedRun?.reason).toContain('RequestRefused');
    expect(status.lastSuccessAt).toEqual(status.lastRun?.closedAt);
    const text = formatStatus(status);
    expect(text).toMatch(/last run FAILED \(closed .+\): .*TIXNGO refused the API key/);
    expect(text).toMatch(/last successful run \d+ s ago/);
  });

  it('a cron run waiting for its fire time, with signals in its history: answers, "the next run fires at …"', async () => {
    const stack = await stackFor('health-waiting');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    await runOnce(client, { organizerId, taskQueue });
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1h' });
    // Signals make the waiting run's history longer than its start event: it still has no workflow task.
    await signalSkipList(client, organizerId, 'skip', ['id:T-2', 'id:T-3']);
    await signalSkipList(client, organizerId, 'unskip', ['id:T-3']);

    const status = await organizerStatus(client, organizerId);
    await unscheduleOrganizer(client, organizerId, 'test finished');

    expect(status.executionStatus).toBe('RUNNING');
    expect(status.current?.waitingUntil).toEqual(expect.any(Date));
    expect(status.current?.waitingUntil?.getTime()).toBeGreaterThan(status.startedAt?.getTime() ?? 0);
    expect(status.state).toBeUndefined();
    const text = formatStatus(status);
    expect(text).toContain(
      `scheduled "@every 1h" (the next run fires at ${status.current?.waitingUntil?.toISOString()})`,
    );
    expect(text).toMatch(/last successful run \d+ s ago/);
  });

  it('TIXNGO answers 503 to every request: the pending page activity with its attempts and decoded last failure', async () => {
    const stack = await stackFor('health-pending');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    stack.tixngo.faults.next(Array.from({ length: 500 }, () => '503' as const));
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });

    const status = await eventually(
      async () => {
        const answer = await organizerStatus(client, organizerId);
        const retried = answer.current?.pendingActivities.find((activity) => activity.attempt >= 2);
        return retried?.lastFailure ? answer : undefined;
      },
      'the page activity to be retried after a failed attempt',
      { timeoutMs: 90_000 },
    );
    await unscheduleOrganizer(client, organizerId, 'test finished');

    const activity = status.current?.pendingActivities.find((pending) => pending.attempt >= 2);
    // Decoded: the codec encrypts a failure's message, so only a decoded one names the 503.
    expect(activity?.lastFailure).toContain('503');
    expect(status.lastSuccessAt).toBeUndefined();
    const text = formatStatus(status);
    expect(text).toContain(`activity ${activity?.activityType}: attempt ${activity?.attempt}`);
    expect(text).toMatch(/last failure: .*503/);
    expect(text).toContain('no successful run yet');
    expect(status.cronSchedule).toBe('@every 1s');
    expect(text.split('\n')[1]).toMatch(/^scheduled "@every 1s" \(the current run fired at \S+Z\)$/);
  }, 150_000);

  it('a run-once in progress: "running once, not scheduled", with its pending activity', async () => {
    const stack = await stackFor('health-once');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    stack.tixngo.faults.next(Array.from({ length: 500 }, () => '503' as const));
    const once = runOnce(client, { organizerId, taskQueue }).catch((error: unknown) => error);

    const status = await eventually(
      async () => {
        const answer = await organizerStatus(client, organizerId);
        return answer.current?.pendingActivities.some((activity) => activity.attempt >= 2)
          ? answer
          : undefined;
      },
      'the run-once page activity to be retried',
      { timeoutMs: 90_000 },
    );
    await client.workflow.getHandle(feedbackWorkflowId(organizerId)).terminate('test finished');
    await once;

    expect(status.cronSchedule).toBeUndefined();
    expect(formatStatus(status).split('\n')[1]).toBe(
      `running once, not scheduled (started at ${status.startedAt?.toISOString()})`,
    );
  }, 150_000);
  it('a run started with a codec key the worker lacks: its workflow task fails again and again, shown with its decoded failure', async () => {
    const stack = await stackFor('health-wft');
    const { organizerId, client, taskQueue } = stack;
    // A client whose payloads the worker cannot decrypt (a key rotated on one side only).
    const foreignKey = parseCodecKeys(`foreign:${randomBytes(32).toString('base64')}`);
    const foreign = new Client({
      connection: client.connection,
      dataConverter: encryptingDataConverter(foreignKey),
    });
    const workflowId = feedbackWorkflowId(organizerId);
    await foreign.workflow.start('feedbackWorkflow', { workflowId, taskQueue, args: [{ organizerId }] });

    const status = await eventually(async () => {
      const answer = await organizerStatus(client, organizerId);
      return (answer.current?.workflowTask?.attempt ?? 0) >= 2 ? answer : undefined;
    }, 'the run’s workflow task to fail twice');
    await client.workflow.getHandle(workflowId).terminate('test finished');

    expect(status.state).toBeUndefined();
    // Written by the worker through its codec: only a decoded failure names the unknown key.
    expect(status.current?.workflowTask?.failure).toContain('foreign');
    const text = formatStatus(status);
    expect(text).toMatch(/current run: workflow task FAILING \(attempt \d+, [A-Z_]+\): .*foreign/);
  });
  it('no worker polls the run’s task queue: its workflow task not picked up, naming the task queue', async () => {
    const stack = await stackFor('health-noworker');
    const { organizerId, client } = stack;
    const taskQueue = `${stack.taskQueue}-nobody`;
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });

    const status = await eventually(async () => {
      const answer = await organizerStatus(client, organizerId);
      return answer.current?.workflowTaskWaiting ? answer : undefined;
    }, 'the run’s first workflow task to be scheduled');
    await client.workflow.getHandle(feedbackWorkflowId(organizerId)).terminate('test finished');

    expect(status.current?.workflowTaskWaiting?.taskQueue).toBe(taskQueue);
    expect(status.state).toBeUndefined();
    expect(formatStatus(status)).toContain(`(is a worker polling task queue "${taskQueue}"?)`);
  });
});
