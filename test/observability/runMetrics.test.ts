import { runOnce } from '../../src/client/runOnce';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { eventually } from '../support/env';
import { createFeedbackMetrics } from '../../src/observability/metrics';
import { startTestStack, type TestStack } from '../support/stack';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString();

/** The value of one sample in Prometheus text format, undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

/** Run outcomes, activity attempt failures and the last successful run, per organizer (issue 15 item 4). */
describe('run and failure metrics per organizer', () => {
  let stack: TestStack;
  const metrics = createFeedbackMetrics({ defaultMetrics: false });

  beforeAll(async () => {
    stack = await startTestStack('runmetrics', {}, { metrics });
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('counts a failed run (TIXNGO 401) and its failed activity attempt, then a completed run and its time', async () => {
    const org = stack.organizerId;
    stack.tixngo.faults.next(['401']);
    await expect(runOnce(stack.client, { organizerId: org, taskQueue: stack.taskQueue })).rejects.toThrow();

    let text = await metrics.registry.metrics();
    expect(
      sample(text, 'tixngo_feedback_runs_total', `organizer="${org}",outcome="failed",stopped_by=""`),
    ).toBe(1);
    expect(
      sample(
        text,
        'tixngo_feedback_activity_failures_total',
        `organizer="${org}",activity_type="processDiffPage",failure_type="RequestRefused"`,
      ),
    ).toBe(1);
    // No successful run yet: no time for it.
    expect(
      sample(text, 'tixngo_feedback_last_success_timestamp_seconds', `organizer="${org}"`),
    ).toBeUndefined();

    stack.tixngo.changes.append({
      ticketId: 'R-1',
      taxNumber: '7101',
      status: 'DOWNLOADED',
      statusChangedAt: at(0),
    });
    const before = Math.floor(Date.now() / 1000);
    const result = await runOnce(stack.client, { organizerId: org, taskQueue: stack.taskQueue });
    const after = Math.ceil(Date.now() / 1000);
    expect(result.applied).toBe(1);

    text = await metrics.registry.metrics();
    expect(
      sample(
        text,
        'tixngo_feedback_runs_total',
        `organizer="${org}",outcome="completed",stopped_by="drained"`,
      ),
    ).toBe(1);
    expect(
      sample(text, 'tixngo_feedback_runs_total', `organizer="${org}",outcome="failed",stopped_by=""`),
    ).toBe(1);
    const last = sample(text, 'tixngo_feedback_last_success_timestamp_seconds', `organizer="${org}"`);
    expect(last).toBeGreaterThanOrEqual(before);
    expect(last).toBeLessThanOrEqual(after);
    expect(sample(text, 'tixngo_feedback_open_rejections', `organizer="${org}"`)).toBe(0);
    expect(text).not.toContain('R-1');
  });

  it('counts an activity attempt that failed and was retried (TIXNGO 503 ×3) in a run that completes', async () => {
    const org = stack.organizerId;
    const labels = `organizer="${org}",activity_type="processDiffPage",failure_type="TransportError"`;
    const failedBefore = sample(
      await metrics.registry.metrics(),
      'tixngo_feedback_activity_failures_total',
      labels,
    );
    // Three 503s: the TIXNGO client's in-process attempts (src/tixngo/retryPolicy.ts) all fail, so the
    // activity attempt fails with TransportError and Temporal retries it.
    stack.tixngo.faults.next(['503', '503', '503']);
    await runOnce(stack.client, { organizerId: org, taskQueue: stack.taskQueue });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_activity_failures_total', labels)).toBe((failedBefore ?? 0) + 1);
    expect(
      sample(
        text,
        'tixngo_feedback_runs_total',
        `organizer="${org}",outcome="completed",stopped_by="drained"`,
      ),
    ).toBe(2);
  });

  it('gives a scheduled organizer its cron interval, which the stalled-organizer alert compares with', async () => {
    const org = stack.organizerId;
    await scheduleOrganizer(stack.client, {
      organizerId: org,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 2s',
    });
    try {
      const interval = await eventually(
        async () =>
          sample(
            await metrics.registry.metrics(),
            'tixngo_feedback_cron_interval_seconds',
            `organizer="${org}"`,
          ),
        'a scheduled run to end',
      );
      expect(interval).toBe(2);
    } finally {
      await unscheduleOrganizer(stack.client, org, 'test finished');
    }
  });
});

describe('warnings per organizer', () => {
  it('counts the warnings of each completed run (an unknown configuration field: one per run)', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    const stack = await startTestStack('warnmetrics', { batchsize: 200 } as never, { metrics });
    try {
      const org = stack.organizerId;
      const labels = `organizer="${org}",workflow_type="feedbackWorkflow"`;
      await runOnce(stack.client, { organizerId: org, taskQueue: stack.taskQueue });
      await runOnce(stack.client, { organizerId: org, taskQueue: stack.taskQueue });
      const text = await metrics.registry.metrics();
      expect(sample(text, 'tixngo_feedback_warnings_total', labels)).toBe(2);
      expect(text).not.toContain('batchsize');
    } finally {
      await stack.stop();
    }
  });
});
