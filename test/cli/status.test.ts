/**
 * `tixngo-feedback status` answers while the organizer's cron run waits for its fire time, and says
 * so (issue 15 item 3). The command line as an operator runs it; real Temporal server and worker.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runOnce } from '../../src/client/runOnce';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { signalSkipList } from '../../src/client/skipTickets';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { stacksStoppedAfterAll } from '../support/stack';
import { ticket } from '../support/tickets';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/cli/main.ts');
const stackFor = stacksStoppedAfterAll();

it('`status` of an organizer whose cron run waits for its fire time: "the next run fires at …", also in --json', async () => {
  const stack = await stackFor('cli-status-wait');
  const { organizerId, client, taskQueue } = stack;
  stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
  await runOnce(client, { organizerId, taskQueue });
  await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1h' });
  await signalSkipList(client, organizerId, 'skip', ['id:T-2', 'id:T-3']);
  await signalSkipList(client, organizerId, 'unskip', ['id:T-3']);

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', MAIN, 'status', organizerId, ...args], { env: process.env });
  const [text, json] = await Promise.all([cli(), cli('--json')]);
  await unscheduleOrganizer(client, organizerId, 'test finished');

  expect(text.stdout).toMatch(/^scheduled "@every 1h" \(the next run fires at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/m);
  expect(text.stdout).toMatch(/^last successful run \d+ s ago/m);
  const status = JSON.parse(json.stdout) as { current?: { waitingUntil?: string }; lastSuccessAt?: string };
  expect(text.stdout).toContain(`(the next run fires at ${status.current?.waitingUntil})`);
  expect(status.lastSuccessAt).toEqual(expect.any(String));
}, 120_000);

it('`unskip` says what it sent with control characters escaped (an entry that does not parse is sent as typed)', async () => {
  const stack = await stackFor('cli-skip-escape');
  const { organizerId, client, taskQueue } = stack;
  await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1h' });
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', MAIN, 'unskip', organizerId, 'A\u001b[2JB'],
    { env: process.env },
  );
  await unscheduleOrganizer(client, organizerId, 'test finished');

  expect(stdout).not.toContain('\u001b');
  expect(stdout).toContain('A\\u001b[2JB');
}, 120_000);

it('`status` of a cron run waiting for its fire time shows its live skip list and the signals it refused, also in --json', async () => {
  const stack = await stackFor('cli-status-refused');
  const { organizerId, client, taskQueue } = stack;
  await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1h' });
  const full = Array.from({ length: 1000 }, (_, index) => `id:S-${index}`);
  await signalSkipList(client, organizerId, 'skip', full);
  // Past the live skip list's cap, then an unskip of an entry that is not there: both refused.
  await signalSkipList(client, organizerId, 'skip', ['tax-T-1', 'id:T-1']);
  await signalSkipList(client, organizerId, 'unskip', ['id:NOT-THERE']);

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', MAIN, 'status', organizerId, ...args], { env: process.env });
  const [text, json] = await Promise.all([cli(), cli('--json')]);
  await unscheduleOrganizer(client, organizerId, 'test finished');

  expect(text.stdout).toMatch(/^scheduled "@every 1h" \(the next run fires at /m);
  expect(text.stdout).toContain(
    'current run: 3 signals received before it runs: live skip list of 1000 entries (id:S-0, id:S-1',
  );
  expect(text.stdout).toContain(
    '  warning: signal "skipTickets": the live skip list is full (1000 entries); 2 entries not added.',
  );
  expect(text.stdout).toContain(
    '  warning: signal "unskipTickets": "id:NOT-THERE" is not in the live skip list',
  );
  const status = JSON.parse(json.stdout) as {
    receivedSignals?: { count: number; skipTickets: string[]; warnings: string[] };
  };
  expect(status.receivedSignals?.count).toBe(3);
  expect(status.receivedSignals?.skipTickets).toHaveLength(1000);
  expect(status.receivedSignals?.warnings).toEqual([
    expect.stringContaining('the live skip list is full (1000 entries); 2 entries not added'),
    expect.stringContaining('"id:NOT-THERE" is not in the live skip list'),
  ]);
}, 120_000);
