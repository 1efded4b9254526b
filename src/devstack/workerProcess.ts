/**
 * The worker as operators run it: `src/worker.ts` in a process of its own, started through
 * bin/worker-node (the shipped Node.js flags and environment), configured by a configuration file
 * and environment variables, so a test or the fault suite can kill it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeedbackConfigInput } from '../domain/settings';
import { WORKFLOW_BUNDLE_VARIABLE } from '../worker';
import { launcherEnv, workerLauncher } from './workerLauncher';

export interface WorkerProcess {
  process: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown, no cleanup, as when a machine dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkerProcessOptions {
  configFile: string;
  taskQueue: string;
  secrets: Record<string, string>;
  /** More of the worker's variables (e.g. its sizing, src/config/workerTuning.ts). */
  env?: Record<string, string>;
  /** Temporal frontend host:port. */
  address: string;
  /** A pre-built workflow bundle (built with the codec's failure converter); bundled at start otherwise. */
  workflowBundle?: string;
  /**
   * A compiled worker to run with plain node (`dist/worker.js` of `npm run build`); default: the
   * sources, `src/worker.ts` through tsx.
   */
  compiledWorker?: string;
  startTimeoutMs?: number;
}

/** The line the worker logs once it polls its task queue (src/worker.ts). */
export const WORKER_STARTED = 'tixngo-feedback worker started';

export function writeConfigFile(config: FeedbackConfigInput): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'worker-config-')), 'tixngo-feedback.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const args = options.compiledWorker
    ? [options.compiledWorker]
    : ['--import', 'tsx', path.join(__dirname, '../worker.ts')];
  const child = spawn(workerLauncher(), args, {
    env: launcherEnv({
      ...process.env,
      ...options.env,
      ...options.secrets,
      TEMPORAL_ADDRESS: options.address,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      TIXNGO_FEEDBACK_CONFIG: options.configFile,
      // Several workers run side by side in tests and fault runs: no fixed metrics port unless given.
      METRICS_PORT: options.env?.METRICS_PORT ?? process.env.METRICS_PORT ?? '0',
      ...(options.workflowBundle ? { [WORKFLOW_BUNDLE_VARIABLE]: options.workflowBundle } : {}),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  while (!output.includes(WORKER_STARTED)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`worker exited early (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the worker process did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    output: () => output,
    kill,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}
