import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createFeedbackMetrics } from '../../src/observability/metrics';
import { metricsWorkerOptions } from '../../src/observability/metricsSinks';
import { eventually, testEnv, uniqueSuffix } from '../support/env';
import '../support/quietRuntime';
import type { Ending } from './fixtures/metricsWorkflows';

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

/**
 * How a run ends, as the bundled workflow interceptors see it on a real Temporal server (issue 15
 * item 4): a workflow task failure is counted as one (and is no failed run), an ApplicationFailure as
 * a failed run, a result as a completed run with its stop and open rejections.
 */
describe('workflow interceptors report how runs end', () => {
  const org = `wftmetrics-${uniqueSuffix()}`;
  const taskQueue = `test-${org}`;
  const metrics = createFeedbackMetrics({ defaultMetrics: false });
  let connection: Connection;
  let client: Client;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let workerRun: Promise<void>;

  beforeAll(async () => {
    const address = testEnv('TEMPORAL_ADDRESS');
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    nativeConnection = await NativeConnection.connect({ address });
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./fixtures/metricsWorkflows'),
      ...metricsWorkerOptions(metrics),
    });
    workerRun = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await nativeConnection?.close();
    await connection?.close();
  });

  const start = (ending: Ending) =>
    client.workflow.start('feedbackWorkflow', {
      args: [ending],
      taskQueue,
      workflowId: `tixngo-feedback:${org}`,
      workflowIdConflictPolicy: 'FAIL',
    });

  it('counts a failing workflow task, not as a failed run', async () => {
    const handle = await start('task-failure');
    const failures = await eventually(async () => {
      const text = await metrics.registry.metrics();
      return sample(
        text,
        'tixngo_feedback_workflow_task_failures_total',
        `organizer="${org}",workflow_type="feedbackWorkflow"`,
      );
    }, 'a workflow task failure counted');
    await handle.terminate('test done');
    expect(failures).toBeGreaterThanOrEqual(1);
    const text = await metrics.registry.metrics();
    expect(
      sample(text, 'tixngo_feedback_runs_total', `organizer="${org}",outcome="failed",stopped_by=""`),
    ).toBeUndefined();
  });

  it('counts a run that fails, and one that completes with its stop and open rejections', async () => {
    await expect((await start('run-failure')).result()).rejects.toBeInstanceOf(WorkflowFailedError);
    await (await start('completed')).result();
    const text = await metrics.registry.metrics();
    expect(
      sample(text, 'tixngo_feedback_runs_total', `organizer="${org}",outcome="failed",stopped_by=""`),
    ).toBe(1);
    expect(
      sample(
        text,
        'tixngo_feedback_runs_total',
        `organizer="${org}",outcome="completed",stopped_by="page-budget"`,
      ),
    ).toBe(1);
    expect(sample(text, 'tixngo_feedback_open_rejections', `organizer="${org}"`)).toBe(2);
    expect(
      sample(text, 'tixngo_feedback_last_success_timestamp_seconds', `organizer="${org}"`),
    ).toBeGreaterThan(0);
  });

  it('counts a transfer workflow that fails, not one that completes, and not as a feedback run', async () => {
    const transfer = (ending: 'run-failure' | 'completed', ticketId: string) =>
      client.workflow.start('transferWorkflow', {
        args: [ending],
        taskQueue,
        workflowId: `tixngo-transfer:${org}:${ticketId}:k`,
      });
    const before = await metrics.registry.metrics();
    const failedRuns = sample(
      before,
      'tixngo_feedback_runs_total',
      `organizer="${org}",outcome="failed",stopped_by=""`,
    );
    await expect((await transfer('run-failure', 'T-F')).result()).rejects.toBeInstanceOf(WorkflowFailedError);
    await (await transfer('completed', 'T-C')).result();
    const text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_transfers_failed_total', `organizer="${org}"`)).toBe(1);
    expect(
      sample(text, 'tixngo_feedback_runs_total', `organizer="${org}",outcome="failed",stopped_by=""`),
    ).toBe(failedRuns);
    expect(text).not.toContain('T-F');
  });
});
