/**
 * `schedule` refuses what can never run (issue 15 item 1), with the worker's own reading of the
 * configuration (real Temporal server and worker), and cron specs Temporal cannot run as meant.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidScheduleError, scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { stacksStoppedAfterAll } from '../support/stack';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/cli/main.ts');
const stackFor = stacksStoppedAfterAll();

type Failure = { code: number; stdout: string; stderr: string };
const schedule = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', MAIN, 'schedule', ...args], { env: process.env }).then(
    (done) => ({ code: 0, ...done }),
    (error: Failure) => error,
  );

it('a configuration with TIXNGO_LIFECYCLE_MODE=history is refused, naming the parameter; nothing is scheduled', async () => {
  const stack = await stackFor('sched-history', { customParameters: 'TIXNGO_LIFECYCLE_MODE=history' });
  const outcome = await schedule(stack.organizerId, '--task-queue', stack.taskQueue);
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toContain('TIXNGO_LIFECYCLE_MODE');
  expect(outcome.stderr).toContain('deprecated');
  await expect(
    stack.client.workflow.getHandle(feedbackWorkflowId(stack.organizerId)).describe(),
  ).rejects.toBeInstanceOf(WorkflowNotFoundError);
}, 120_000);

it('an organizer missing from the configuration is refused, the known ones listed', async () => {
  const stack = await stackFor('sched-missing');
  const outcome = await schedule('no-such-org', '--task-queue', stack.taskQueue);
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toContain('Organizer "no-such-org" is not in the');
  expect(outcome.stderr).toContain(`known: ${stack.organizerId}`);
}, 120_000);

it.each([
  ['', 'is empty'],
  ['@every 0s', 'at least 1s'],
  ['*/5 * * *', 'has 4 fields'],
  // Temporal refuses these with a bare "INVALID_ARGUMENT: invalid CronSchedule." after the 20 s check.
  [
    'CRON_TZ=Mars/Base */5 * * * *',
    'the time zone "Mars/Base" of CRON_TZ= is not a time zone Temporal knows',
  ],
  ['@every 99999999h', 'Temporal refuses an interval longer than 2562047h47m16.854775807s'],
])(
  '--cron %j is refused before anything starts, naming the spec and the reason',
  async (spec, reason) => {
    const outcome = await schedule('org-a', '--cron', spec);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(JSON.stringify(spec));
    expect(outcome.stderr).toContain(reason);
  },
  60_000,
);

it("a cron spec the server refuses (INVALID_ARGUMENT) is an error naming the spec and the server's reason", async () => {
  const stack = await stackFor('sched-invalid-cron');
  const cronSchedule = 'CRON_TZ=Mars/Base */5 * * * *';
  const start = scheduleOrganizer(stack.client, {
    organizerId: stack.organizerId,
    taskQueue: stack.taskQueue,
    cronSchedule,
  });
  await expect(start).rejects.toBeInstanceOf(InvalidScheduleError);
  await expect(start).rejects.toThrow(
    `Temporal refused the cron spec ${JSON.stringify(cronSchedule)} of organizer "${stack.organizerId}"`,
  );
  await expect(start).rejects.toThrow(/invalid CronSchedule/);
}, 120_000);

it('`demo --cron` with a spec Temporal refuses is refused before anything starts, naming the spec and the reason', async () => {
  // The guard (SIGINT after 30 s: the demo stops all it started) only matters if the check is gone.
  const outcome = await run(
    process.execPath,
    ['--import', 'tsx', MAIN, 'demo', '--cron', 'CRON_TZ=Mars/Base */5 * * * *'],
    { env: process.env, timeout: 30_000, killSignal: 'SIGINT' },
  ).then(
    (done) => ({ code: 0, ...done }),
    (error: Failure) => error,
  );
  expect(outcome.stdout).not.toContain('Starting the Temporal dev server');
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toContain('"CRON_TZ=Mars/Base */5 * * * *"');
  expect(outcome.stderr).toContain('the time zone "Mars/Base" of CRON_TZ= is not a time zone Temporal knows');
}, 120_000);
