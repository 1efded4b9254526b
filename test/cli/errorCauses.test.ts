/**
 * The command line prints why a command failed, not only Temporal's "Workflow execution failed",
 * and exits 2 for bad input, 1 for a failure (issue 15 item 2). Real Temporal server and worker.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stacksStoppedAfterAll } from '../support/stack';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/cli/main.ts');
const stackFor = stacksStoppedAfterAll();

it('`run-once` of an organizer the worker does not know says it is not in the configuration (exit 2)', async () => {
  const stack = await stackFor('cli-causes');
  const failure = await run(
    process.execPath,
    ['--import', 'tsx', MAIN, 'run-once', 'no-such-org', '--task-queue', stack.taskQueue],
    { env: process.env },
  ).catch((error: { code: number; stderr: string }) => error);
  expect(failure).toMatchObject({ code: 2 });
  const stderr = (failure as { stderr: string }).stderr;
  expect(stderr).toContain('Organizer "no-such-org" is not in the');
  expect(stderr).toContain(`known: ${stack.organizerId}`);
  expect(stderr).toContain('[ConfigError]');
}, 120_000);

it('an `import` in which every item was rejected exits 1, saying nothing was applied', async () => {
  const stack = await stackFor('cli-import-rejected');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-import-'));
  const file = path.join(dir, 'all-bad.json');
  writeFileSync(
    file,
    JSON.stringify({
      result: [
        { ticketId: 'T-1', status: 'RESALE_LISTED', statusChangedAt: '2026-12-01T08:00:00Z' },
        { ticketId: 'T-2', status: 'DOWNLOADED', statusChangedAt: 'yesterday' },
      ],
    }),
  );
  const failure = await run(
    process.execPath,
    ['--import', 'tsx', MAIN, 'import', stack.organizerId, file, '--task-queue', stack.taskQueue],
    { env: process.env },
  ).catch((error: { code: number; stdout: string; stderr: string }) => error);
  rmSync(dir, { recursive: true, force: true });
  expect(failure).toMatchObject({ code: 1 });
  expect((failure as { stderr: string }).stderr).toContain('every item of');
  expect((failure as { stdout: string }).stdout).toContain('2 rejected');
}, 120_000);

it('a `run-once` whose run halted before the key moved exits 1, saying so (nothing of the page applied)', async () => {
  const stack = await stackFor('cli-run-halted');
  stack.tixngo.changes.append(
    ...Array.from({ length: 30 }, (_, i) => ({
      ticketId: `H-${i}`,
      status: i < 20 ? 'RESALE_LISTED' : 'DOWNLOADED',
      statusChangedAt: '2026-12-01T08:00:00Z',
    })),
  );
  const failure = await run(
    process.execPath,
    ['--import', 'tsx', MAIN, 'run-once', stack.organizerId, '--task-queue', stack.taskQueue],
    { env: process.env },
  ).catch((error: { code: number; stdout: string; stderr: string }) => error);
  expect(failure).toMatchObject({ code: 1 });
  expect((failure as { stdout: string }).stdout).toContain('halted: ');
  expect((failure as { stderr: string }).stderr).toContain('halted before the pagination key moved');
}, 120_000);
