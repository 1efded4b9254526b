/** The worker process harness (src/devstack/workerProcess.ts) on the test run's Temporal server. */
import {
  startWorkerProcess as startProcess,
  writeConfigFile,
  type WorkerProcess,
} from '../../src/devstack/workerProcess';
import { testEnv, uniqueSuffix } from './env';

export { writeConfigFile, type WorkerProcess };

export function startWorkerProcess(options: {
  configFile: string;
  taskQueue: string;
  secrets: Record<string, string>;
  env?: Record<string, string>;
}): Promise<WorkerProcess> {
  return startProcess({
    ...options,
    address: testEnv('TEMPORAL_ADDRESS'),
    workflowBundle: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
  });
}

/**
 * The worker process's output when it stops at start (a configuration it refuses), for an organizer
 * whose endpoints answer nothing; fails if the worker starts. `address`: the test server's by default.
 */
export async function workerStartFailure(env: Record<string, string>, address?: string): Promise<string> {
  const organizerId = `start-${uniqueSuffix()}`;
  const configFile = writeConfigFile({
    organizers: {
      [organizerId]: { tixngo: { baseUrl: 'http://127.0.0.1:1' }, s360: { baseUrl: 'http://127.0.0.1:1' } },
    },
  });
  return startProcess({
    configFile,
    taskQueue: `test-${organizerId}`,
    secrets: {},
    env,
    address: address ?? testEnv('TEMPORAL_ADDRESS'),
    workflowBundle: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
  }).then(
    async (worker) => {
      await worker.stop();
      throw new Error('the worker started');
    },
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}
