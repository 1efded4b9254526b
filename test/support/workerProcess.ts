/** The worker process harness (src/devstack/workerProcess.ts) on the test run's Temporal server. */
import {
  startWorkerProcess as startProcess,
  writeConfigFile,
  type WorkerProcess,
} from '../../src/devstack/workerProcess';
import { testEnv } from './env';

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
