/**
 * The worker as operators run it: `src/worker.ts` in a process of its own, configured by a
 * configuration file and environment variables, so a test can kill it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeedbackConfigInput } from '../../src/domain/settings';
import { eventually, testEnv } from './env';

export interface WorkerProcess {
  process: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown, no cleanup, as when a machine dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function writeConfigFile(config: FeedbackConfigInput): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'worker-config-')), 'tixngo-feedback.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startWorkerProcess(options: {
  configFile: string;
  taskQueue: string;
  secrets: Record<string, string>;
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../src/worker.ts')], {
    env: {
      ...process.env,
      ...options.secrets,
      TEMPORAL_ADDRESS: testEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      TIXNGO_FEEDBACK_CONFIG: options.configFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode}):\n${output}`);
      return output.includes('tixngo-feedback worker on') ? true : undefined;
    },
    'the worker process to start',
    { timeoutMs: 90_000 },
  );
  return {
    process: child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}
