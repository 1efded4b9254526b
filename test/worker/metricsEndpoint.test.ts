/**
 * The worker process's /metrics (src/worker.ts): every configured organizer has its series at 0 from
 * the start, and its open transfers counted through the worker's own Temporal connection (issue 16
 * item 4; the dashboard's panels read both).
 */
import { freePort } from '../../src/devstack/freePort';
import { uniqueSuffix } from '../support/env';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../support/workerProcess';

/** The value of one sample in Prometheus text format, undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

describe('the worker process /metrics', () => {
  let worker: WorkerProcess | undefined;

  afterAll(async () => {
    await worker?.stop();
  });

  it('serves each configured organizer at 0 and its open transfers from Temporal before any run', async () => {
    const organizerId = `endpoint-${uniqueSuffix()}`;
    const configFile = writeConfigFile({
      organizers: {
        [organizerId]: { tixngo: { baseUrl: 'http://127.0.0.1:1' }, s360: { baseUrl: 'http://127.0.0.1:1' } },
      },
    });
    const port = await freePort();
    worker = await startWorkerProcess({
      configFile,
      taskQueue: `test-${organizerId}`,
      secrets: {},
      env: { METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' },
    });
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const org = `organizer="${organizerId}"`;
    expect(sample(text, 'tixngo_feedback_items_total', `${org},outcome="rejected"`)).toBe(0);
    expect(sample(text, 'tixngo_feedback_runs_total', `${org},outcome="failed",stopped_by=""`)).toBe(0);
    expect(sample(text, 'tixngo_feedback_lag_seconds_count', org)).toBe(0);
    // Counted by Temporal visibility through the worker's connection: none open for a new organizer.
    expect(sample(text, 'tixngo_feedback_open_transfers', org)).toBe(0);
  });
});
