import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { startTestStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/cli/main.ts');
/** The command line against the test run's Temporal server (address and codec key from the environment). */
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', MAIN, ...args]);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('cli-unsched');
});
afterAll(async () => {
  await stack.stop();
});

it('`unschedule` says what it kept, including a skip sent to the run waiting for its cron time', async () => {
  const { organizerId, client, taskQueue } = stack;
  await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '0 0 1 1 *' });
  await cli('skip', organizerId, 'id:T-9');
  await cli('unskip', organizerId, 'id:NOT-THERE');

  const { stdout } = await cli('unschedule', organizerId);
  expect(stdout).toContain(`Unscheduled organizer "${organizerId}"`);
  expect(stdout).toContain('kept skip list of 1 entry (id:T-9), no pagination key');
  expect(stdout).toContain('0 open rejections');
  expect(stdout).toContain('This includes 2 skip / unskip / resolve signals the stopped run had received');
  // What the workflow said of them, in its words: not only a count.
  expect(stdout).toContain(
    '  warning: signal "unskipTickets": "id:NOT-THERE" is not in the live skip list (entries of the configuration stay).',
  );

  const again = await cli('unschedule', organizerId).catch(
    (error: { code: number; stderr: string }) => error,
  );
  expect(again).toMatchObject({ code: 1 });
  expect((again as { stderr: string }).stderr).toContain('has no running feedback workflow');
});
