/**
 * The worker process (`npm run worker`) sized from its environment: it runs with the parsed tuning
 * and says so once at start, and a bad value stops it before it connects, with a one-line error.
 */
import { z } from 'zod';
import {
  MAX_CACHED_WORKFLOWS_VARIABLE,
  MAX_CONCURRENT_ACTIVITIES_VARIABLE,
  MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE,
} from '../../src/config/workerTuning';
import { uniqueSuffix } from '../support/env';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../support/workerProcess';

const TuningLine = z.object({
  level: z.literal('INFO'),
  msg: z.literal('worker tuning'),
  maxCachedWorkflows: z.number(),
  maxConcurrentWorkflowTaskExecutions: z.number(),
  maxConcurrentActivityTaskExecutions: z.number(),
});

function tuningLines(output: string): z.infer<typeof TuningLine>[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"worker tuning"'))
    .map((line) => TuningLine.parse(JSON.parse(line)));
}

const workers: WorkerProcess[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

function start(env: Record<string, string>): Promise<WorkerProcess> {
  const organizerId = `tuning-${uniqueSuffix()}`;
  const configFile = writeConfigFile({
    organizers: {
      [organizerId]: { tixngo: { baseUrl: 'http://127.0.0.1:1' }, s360: { baseUrl: 'http://127.0.0.1:1' } },
    },
  });
  return startWorkerProcess({ configFile, taskQueue: `test-${organizerId}`, secrets: {}, env });
}

describe('the worker process sized from its environment', () => {
  it("runs with the variables it is given and Temporal's defaults for the others, logged once", async () => {
    const worker = await start({
      [MAX_CACHED_WORKFLOWS_VARIABLE]: '60',
      [MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE]: '6',
      [MAX_CONCURRENT_ACTIVITIES_VARIABLE]: '',
    });
    workers.push(worker);
    expect(tuningLines(worker.output())).toEqual([
      {
        level: 'INFO',
        msg: 'worker tuning',
        maxCachedWorkflows: 60,
        maxConcurrentWorkflowTaskExecutions: 6,
        maxConcurrentActivityTaskExecutions: 100,
      },
    ]);
  });

  it('a bad value stops it at start with an error naming the variable and the value, no stack trace', async () => {
    const failure = await start({ [MAX_CONCURRENT_ACTIVITIES_VARIABLE]: 'lots' }).then(
      (worker) => {
        workers.push(worker);
        throw new Error('the worker started with TIXNGO_FEEDBACK_MAX_CONCURRENT_ACTIVITIES=lots');
      },
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toContain('worker exited early (1)');
    expect(failure).toContain(
      `${MAX_CONCURRENT_ACTIVITIES_VARIABLE}="lots" is invalid: it must be a whole number from 1 to 2147483647.`,
    );
    expect(failure).not.toMatch(/^\s+at /m);
  });
});
