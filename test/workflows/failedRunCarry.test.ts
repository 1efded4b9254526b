/**
 * Issue 13, item 3: what a cron run accepted (skips, unskips, resolved rejections) reaches the next
 * run even when that run fails (real Temporal server, simulators over HTTP).
 */
import { carriedStateOfRun } from '../../src/client/carryOver';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { ENCRYPTED_ENCODING } from '../../src/codec/aesGcmCodec';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { signalSkipList } from '../../src/client/skipTickets';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { skipTicketsSignal } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually } from '../support/env';
import { recordHistory } from '../support/recordHistory';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

describe('a cron run that fails hands what it accepted to the next run', () => {
  it('TIXNGO answers 401 for one run, T-9 is skipped during it: T-9 is never written and stays skipped', async () => {
    const stack = await stackFor('fail-carry');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    const scheduled = await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 4s' });
    await signalSkipList(client, organizerId, 'skip', ['id:T-8']);
    await eventually(
      async () => ((await statusOf(stack, 'T-1')) === 'INJECTED' ? true : undefined),
      'the first run to apply T-1',
    );

    // The next run of the chain, waiting for its cron time: it will meet TIXNGO's 401.
    const workflowId = feedbackWorkflowId(organizerId);
    const failingRunId = await eventually(async () => {
      const { runId, status } = await client.workflow.getHandle(workflowId).describe();
      return runId !== scheduled.firstExecutionRunId && status.name === 'RUNNING' ? runId : undefined;
    }, 'the second run of the chain to be created');
    stack.tixngo.faults.next(['401']);
    await client.workflow.getHandle(workflowId, failingRunId).signal(skipTicketsSignal, ['id:T-9']);
    stack.tixngo.changes.append(ticket('T-9', 'INJECTED', 5), ticket('T-10', 'INJECTED', 5));

    await eventually(
      async () => ((await statusOf(stack, 'T-10')) === 'INJECTED' ? true : undefined),
      'a later run to apply T-10 once TIXNGO is good again',
    );
    // The run that got the skip is the one that failed (else this test would prove nothing).
    const failed = await client.workflow.getHandle(workflowId, failingRunId).describe();
    expect(failed.status.name).not.toBe('COMPLETED');
    expect(stack.tixngo.stats().served['401']).toBe(1);

    expect(await statusOf(stack, 'T-9')).toBeUndefined();
    const finishedAfter = await eventually(async () => {
      const runs = await completedFeedbackRuns(client, organizerId);
      return runs.filter((r) => r.runId !== scheduled.firstExecutionRunId).at(-1);
    }, 'a finished run after the failed one');
    expect(finishedAfter.result.skipTickets).toEqual(expect.arrayContaining(['id:T-8', 'id:T-9']));

    // A run after a *completed* one is not handed the older failure (it starts from that result).
    const nextRunId = await eventually(async () => {
      const { runId } = await client.workflow.getHandle(workflowId).describe();
      return runId !== finishedAfter.runId && runId !== failingRunId ? runId : undefined;
    }, 'the run after the finished one');
    const nextHistory = await client.workflow.getHandle(workflowId, nextRunId).fetchHistory();
    const started = nextHistory.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedFailure ?? undefined).toBeUndefined();

    // The failed run still says why it failed, and the command line's carry-over reads what it carried.
    const history = await client.workflow.getHandle(workflowId, failingRunId).fetchHistory();
    const closing = history.events?.at(-1);
    const failure =
      closing?.workflowExecutionFailedEventAttributes?.failure ??
      closing?.workflowExecutionContinuedAsNewEventAttributes?.failure;
    expect(failure?.applicationFailureInfo?.type).toBe('RequestRefused');
    expect(failure?.applicationFailureInfo?.nonRetryable).toBe(true);
    // The carried state is a payload like any other: encrypted by the codec.
    const [detail] = failure?.applicationFailureInfo?.details?.payloads ?? [];
    expect(Buffer.from(detail?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
    await recordHistory('feedback-cron-run-failed-carrying-state', workflowId, failingRunId);
    const carried = await carriedStateOfRun(client, organizerId, failingRunId);
    expect([carried.keySource, carried.run?.status]).toEqual(['failed-run', 'failed']);
    expect(carried.input.skipTickets).toEqual(expect.arrayContaining(['id:T-8', 'id:T-9']));
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });
});
