/**
 * The command line takes its task queue from TEMPORAL_TASK_QUEUE, as the worker does (an explicit
 * --task-queue wins), and `run-once` says on stderr when no worker polls the task queue of its run,
 * instead of waiting in silence. The command line as an operator runs it; real Temporal server and worker.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { feedbackWorkflowId, importWorkflowId } from '../../src/workflows/ids';
import { uniqueSuffix } from '../support/env';
import { stacksStoppedAfterAll } from '../support/stack';
import { ticket } from '../support/tickets';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/cli/main.ts');
const stackFor = stacksStoppedAfterAll();

type Outcome = { code: number; stdout: string; stderr: string };
const cli = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<Outcome> =>
  run(process.execPath, ['--import', 'tsx', MAIN, ...args], { env }).then(
    (done) => ({ code: 0, ...done }),
    (error: Outcome) => error,
  );

/** Ends whatever feedback execution a test left running (a run-once on a queue no worker polls). */
async function terminateFeedback(client: Client, organizerId: string): Promise<void> {
  await terminate(client, feedbackWorkflowId(organizerId));
}

async function terminate(client: Client, workflowId: string): Promise<void> {
  await client.workflow
    .getHandle(workflowId)
    .terminate('test finished')
    .catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError) && !/already completed/i.test(String(error))) throw error;
    });
}

it('`run-once` without --task-queue runs on TEMPORAL_TASK_QUEUE, where the worker polls', async () => {
  const stack = await stackFor('cli-queue-env');
  const { organizerId, client, taskQueue } = stack;
  stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
  try {
    const outcome = await cli({ ...process.env, TEMPORAL_TASK_QUEUE: taskQueue }, 'run-once', organizerId);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^\d+ page\(s\), 1 item\(s\) = 1 applied .* — TIXNGO drained$/m);
  } finally {
    await terminateFeedback(client, organizerId);
  }
}, 120_000);

it('`schedule` without --task-queue has its configuration checked by the worker of TEMPORAL_TASK_QUEUE', async () => {
  const stack = await stackFor('cli-queue-sched');
  const missing = `no-such-org-${uniqueSuffix()}`;
  try {
    const outcome = await cli({ ...process.env, TEMPORAL_TASK_QUEUE: stack.taskQueue }, 'schedule', missing);
    // Only the worker of that queue knows the organizers of its configuration file.
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`Organizer "${missing}" is not in the`);
    expect(outcome.stderr).toContain(`known: ${stack.organizerId}`);
  } finally {
    await terminateFeedback(stack.client, missing);
  }
}, 120_000);

it('`run-once` on a task queue no worker polls says so on stderr, and keeps waiting', async () => {
  const stack = await stackFor('cli-queue-none');
  const { organizerId, client } = stack;
  const nobody = `nobody-polls-${uniqueSuffix()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run-once', organizerId], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: nobody },
  });
  const waiting = watchNoWorkerLine(child, 'run-once');
  try {
    const line = await waiting.line;
    expect(line).toContain(`${organizerId}: run `);
    expect(line).toMatch(/workflow task not picked up since \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(line).toContain(`no worker polls task queue "${nobody}"`);
    expect(line).toContain('--task-queue');
    // Still waiting for its run: the command has not ended.
    expect(waiting.exited()).toBe(false);
  } finally {
    child.kill('SIGTERM');
    await terminateFeedback(client, organizerId);
  }
}, 120_000);

/** A diff-format file of one ticket, in a directory of its own; its text too (its id is its hash). */
function diffFile(): { file: string; text: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-queue-'));
  const file = path.join(dir, 'repair.json');
  const text = JSON.stringify({
    result: [{ ticketId: 'T-1', status: 'DOWNLOADED', statusChangedAt: '2026-12-01T08:00:00Z' }],
  });
  writeFileSync(file, text);
  return { file, text, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

it('`import` without --task-queue runs on TEMPORAL_TASK_QUEUE, where the worker polls', async () => {
  const stack = await stackFor('cli-queue-import');
  const repair = diffFile();
  try {
    const outcome = await cli(
      { ...process.env, TEMPORAL_TASK_QUEUE: stack.taskQueue },
      'import',
      stack.organizerId,
      repair.file,
    );
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('1 item(s) = 1 applied');
  } finally {
    repair.remove();
  }
}, 120_000);

it('`import` on a task queue no worker polls says so on stderr, and keeps waiting', async () => {
  const stack = await stackFor('cli-queue-import-none');
  const nobody = `nobody-polls-${uniqueSuffix()}`;
  const repair = diffFile();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'import', stack.organizerId, repair.file], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: nobody },
  });
  const waiting = watchNoWorkerLine(child, 'import');
  try {
    const line = await waiting.line;
    expect(line).toContain('import part 1 of 1');
    expect(line).toMatch(/workflow task not picked up since \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(line).toContain(`no worker polls task queue "${nobody}"`);
    expect(waiting.exited()).toBe(false);
  } finally {
    child.kill('SIGTERM');
    const fileId = createHash('sha256').update(repair.text).digest('hex').slice(0, 16);
    await terminate(stack.client, importWorkflowId(stack.organizerId, `${fileId}-1of1`));
    repair.remove();
  }
}, 120_000);

/**
 * Follows a command's stderr until its "no worker polls task queue" line (rejects if the command
 * exits first); `exited()` says whether it has ended since.
 */
function watchNoWorkerLine(
  child: ChildProcessWithoutNullStreams,
  command: string,
): { line: Promise<string>; exited: () => boolean } {
  let stderr = '';
  let exited = false;
  child.on('exit', () => void (exited = true));
  const line = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = stderr.split('\n').find((text) => text.includes('no worker polls task queue'));
      if (found) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}) first; stderr: ${stderr}`)));
  });
  return { line, exited: () => exited };
}
