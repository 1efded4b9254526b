import type { WorkflowInfo } from '@temporalio/workflow';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { cronIntervalSeconds } from '../../../src/observability/cronInterval';
import { createFeedbackMetrics } from '../../../src/observability/metrics';
import {
  failureTypeOf,
  feedbackMetricsSinks,
  metricsWorkerOptions,
  WORKFLOW_INTERCEPTORS_PATH,
} from '../../../src/observability/metricsSinks';
import { organizerOfWorkflowId } from '../../../src/observability/workflowIds';

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

const info = (workflowId: string, workflowType: string, cronSchedule?: string): WorkflowInfo =>
  ({ workflowId, workflowType, cronSchedule }) as unknown as WorkflowInfo;

describe('feedbackMetrics sink', () => {
  const now = new Date(Date.UTC(2026, 11, 1, 6, 0, 0));

  it('records a completed run with its stop, time, cron interval and open rejections', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    const sinks = feedbackMetricsSinks(metrics, () => now);
    sinks.feedbackMetrics.runEnded.fn(
      info('tixngo-feedback:org-a', 'feedbackWorkflow', '*/5 * * * *'),
      'completed',
      'drained',
      3,
    );
    const text = await metrics.registry.metrics();
    expect(
      sample(
        text,
        'tixngo_feedback_runs_total',
        'organizer="org-a",outcome="completed",stopped_by="drained"',
      ),
    ).toBe(1);
    expect(sample(text, 'tixngo_feedback_last_success_timestamp_seconds', 'organizer="org-a"')).toBe(
      now.getTime() / 1000,
    );
    expect(sample(text, 'tixngo_feedback_cron_interval_seconds', 'organizer="org-a"')).toBe(300);
    expect(sample(text, 'tixngo_feedback_open_rejections', 'organizer="org-a"')).toBe(3);
  });

  it.each(['halted', 'sync-error', 'not-started'])(
    'does not take a run stopped by %s for a successful one',
    async (stop) => {
      const metrics = createFeedbackMetrics({ defaultMetrics: false });
      feedbackMetricsSinks(metrics, () => now).feedbackMetrics.runEnded.fn(
        info('tixngo-feedback:org-b', 'feedbackWorkflow'),
        'completed',
        stop,
        0,
      );
      const text = await metrics.registry.metrics();
      expect(
        sample(
          text,
          'tixngo_feedback_runs_total',
          `organizer="org-b",outcome="completed",stopped_by="${stop}"`,
        ),
      ).toBe(1);
      expect(
        sample(text, 'tixngo_feedback_last_success_timestamp_seconds', 'organizer="org-b"'),
      ).toBeUndefined();
    },
  );

  it('counts workflow-task failures by organizer and workflow type; runs only of the feedback workflow', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    const sinks = feedbackMetricsSinks(metrics, () => now).feedbackMetrics;
    sinks.workflowTaskFailed.fn(info('tixngo-transfer:org-c:T-1:k', 'transferWorkflow'));
    sinks.workflowTaskFailed.fn(info('tixngo-transfer:org-c:T-2:k', 'transferWorkflow'));
    sinks.runEnded.fn(
      info('tixngo-feedback-import:org-c:f-1of1', 'importDiffWorkflow'),
      'completed',
      'import-done',
      0,
    );
    const text = await metrics.registry.metrics();
    expect(
      sample(
        text,
        'tixngo_feedback_workflow_task_failures_total',
        'organizer="org-c",workflow_type="transferWorkflow"',
      ),
    ).toBe(2);
    expect(text).not.toContain('import-done');
    expect(text).not.toContain('T-1');
  });
});

describe('failed transfer workflows', () => {
  const now = new Date(Date.UTC(2026, 11, 1, 6, 0, 0));

  it('counts a transfer workflow that ends failed, by organizer (its line stays PENDING: somebody must look)', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    const sinks = feedbackMetricsSinks(metrics, () => now).feedbackMetrics;
    sinks.runEnded.fn(info('tixngo-transfer:org-t:T-1:k', 'transferWorkflow'), 'failed', '', -1);
    sinks.runEnded.fn(info('tixngo-transfer:org-t:T-2:k', 'transferWorkflow'), 'completed', '', -1);
    sinks.runEnded.fn(info('tixngo-transfer:org-t:T-3:k', 'transferWorkflow'), 'continued-as-new', '', -1);
    sinks.runEnded.fn(info('tixngo-transfer:org-t:T-4:k', 'transferWorkflow'), 'cancelled', '', -1);
    sinks.runEnded.fn(info('tixngo-feedback:org-t', 'feedbackWorkflow'), 'failed', '', -1);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_transfers_failed_total', 'organizer="org-t"')).toBe(1);
    // A transfer is no feedback run: the failed feedback run is the only one counted there.
    expect(
      sample(text, 'tixngo_feedback_runs_total', 'organizer="org-t",outcome="failed",stopped_by=""'),
    ).toBe(1);
    expect(text).not.toContain('T-1');
  });

  it('exists at 0 once the organizer is seen, so increase() sees the first failure', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    metrics.organizerSeen('org-z');
    const text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_transfers_failed_total', 'organizer="org-z"')).toBe(0);
  });
});

describe('metric labels and helpers', () => {
  it('reads the organizer of every project workflow id, never a ticket', () => {
    expect(organizerOfWorkflowId('tixngo-feedback:org-1')).toBe('org-1');
    expect(organizerOfWorkflowId('tixngo-feedback-import:org-1:file-1of2')).toBe('org-1');
    expect(organizerOfWorkflowId('tixngo-feedback-check:org-1:x')).toBe('org-1');
    expect(organizerOfWorkflowId('tixngo-transfer:org-1:T-9:k')).toBe('org-1');
    expect(organizerOfWorkflowId('tixngo-transfer-starts:org-1:run:1')).toBe('org-1');
    expect(organizerOfWorkflowId('something-else')).toBeUndefined();
  });

  it('labels failures by ApplicationFailure type, cancellation, or error name', () => {
    expect(failureTypeOf(ApplicationFailure.create({ message: 'x', type: 'RequestRefused' }))).toBe(
      'RequestRefused',
    );
    expect(failureTypeOf(new CancelledFailure('x'))).toBe('Cancelled');
    expect(failureTypeOf(new TypeError('x'))).toBe('TypeError');
    expect(failureTypeOf('text')).toBe('unknown');
  });

  it('gives the interval of every cron form Temporal runs', () => {
    const from = new Date(Date.UTC(2026, 11, 1, 6, 1, 0));
    expect(cronIntervalSeconds('@every 30s', from)).toBe(30);
    expect(cronIntervalSeconds('@every 1h30m', from)).toBe(5400);
    expect(cronIntervalSeconds('*/5 * * * *', from)).toBe(300);
    expect(cronIntervalSeconds('@hourly', from)).toBe(3600);
    expect(cronIntervalSeconds('CRON_TZ=Europe/Zurich 0 9 * * *', from)).toBe(86400);
    expect(cronIntervalSeconds('not a spec', from)).toBeUndefined();
  });
});

describe('metricsWorkerOptions', () => {
  it('names the workflow interceptors only when the worker bundles (a prebuilt bundle has them, and the SDK would warn)', () => {
    const metrics = createFeedbackMetrics();
    expect(metricsWorkerOptions(metrics).interceptors?.workflowModules).toEqual([WORKFLOW_INTERCEPTORS_PATH]);
    const prebuilt = metricsWorkerOptions(metrics, { prebuiltBundle: true });
    expect(prebuilt.interceptors?.workflowModules).toBeUndefined();
    expect(prebuilt.interceptors?.activity).toHaveLength(1);
  });
});
