/**
 * The five faults of issue #9, each on its own stack, each ending with the checker: S-360's end
 * state against the one the served TIXNGO changes call for.
 */
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrganizerAlreadyScheduledError, scheduleOrganizer } from '../src/client/scheduleOrganizer';
import { dataConverterFromEnv } from '../src/codec/dataConverter';
import { startDevServer, type DevServer } from '../src/devstack/devServer';
import { malform, type FaultPlanInput } from '../src/sim/tixngo/faults';
import { seededRandom } from '../src/sim/tixngo/random';
import type { TixngoSimulator } from '../src/sim/tixngo/server';
import { feedbackWorkflowId } from '../src/workflows/ids';
import {
  checkState,
  expectedState,
  isClean,
  withViolations,
  type CheckReport,
  type ExpectedState,
} from './support/checker';
import { startFaultStack, type FaultSettings, type FaultStack, type SuiteEnv } from './support/stack';

export const FAULT_NAMES = [
  'sigkill',
  'tixngo-faults',
  's360-down',
  'temporal-restart',
  'two-schedules',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultOutcome {
  fault: FaultName;
  items: number;
  report: CheckReport;
  rejectedExpected: number;
  rejectedVisible: number;
  notes: string[];
  seconds: number;
}

export interface RunOptions {
  /** Served items (changes) of the drain; each fault has its default. */
  items?: number;
  seed: number;
  /** Temporal CLI, for the fault that runs (and restarts) its own dev server. */
  cli: string;
  log(line: string): void;
}

export const DEFAULT_ITEMS: Record<FaultName, number> = {
  sigkill: 20_000,
  'tixngo-faults': 5_000,
  's360-down': 5_000,
  'temporal-restart': 5_000,
  'two-schedules': 3_000,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const BULK_WRITE = (request: string): boolean => request === 'POST /api/v1/tickets/mobile-updates';

/** Appends a generated volume of about `items` changes; returns the served items' expected state. */
function generate(
  tixngo: TixngoSimulator,
  items: number,
  seed: number,
  transferShare: number,
): ExpectedState {
  const count = Math.max(1, Math.round(items / (1 + 2 * transferShare)));
  const start = tixngo.changes.size;
  tixngo.generate({ count, transferShare, seed });
  const plan = tixngo.faults.current;
  function* served(): Generator<unknown> {
    for (let index = start; index < tixngo.changes.size; index += 1) {
      const item = tixngo.changes.at(index);
      yield tixngo.faults.forItem(index, 'malformed') ? malform(item, index, plan.seed) : item;
    }
  }
  return expectedState(served());
}

async function waitFor(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * Lets the schedule drain, checking S-360 every 2 s until it holds the expected state and the run
 * results report every rejected item (or the deadline passes), then stops the schedule.
 */
async function drainAndCheck(
  stack: FaultStack,
  expected: ExpectedState,
  timeoutMs: number,
): Promise<{ report: CheckReport; rejectedVisible: number; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  const check = async (): Promise<CheckReport> =>
    withViolations(checkState(expected, await stack.readState()), await stack.violations());
  let report = await check();
  let rejectedVisible = 0;
  for (;;) {
    if (isClean(report)) {
      const runs = await stack.runs();
      rejectedVisible = runs.reduce((sum, run) => sum + run.result.rejected, 0);
      const drained = runs.some((run) => run.result.stoppedBy === 'drained');
      if (drained && rejectedVisible >= expected.rejected) break;
    }
    if (Date.now() > deadline) break;
    await sleep(2000);
    report = await check();
  }
  const timedOut = !isClean(report) || rejectedVisible < expected.rejected;
  if (timedOut) {
    const runs = await stack.runs().catch(() => []);
    rejectedVisible = runs.reduce((sum, run) => sum + run.result.rejected, 0);
  }
  await stack.client.workflow
    .getHandle(feedbackWorkflowId(stack.organizerId))
    .terminate('fault suite: checked')
    .catch(() => undefined);
  return { report, rejectedVisible, timedOut };
}

function schedule(stack: FaultStack, client: Client = stack.client): ReturnType<typeof scheduleOrganizer> {
  return scheduleOrganizer(client, {
    organizerId: stack.organizerId,
    taskQueue: stack.taskQueue,
    cronSchedule: '@every 1s',
  });
}

async function withStack(
  env: SuiteEnv,
  name: FaultName,
  stackOptions: { settings?: FaultSettings; faults?: FaultPlanInput },
  body: (stack: FaultStack) => Promise<Omit<FaultOutcome, 'fault' | 'seconds'>>,
): Promise<FaultOutcome> {
  const started = Date.now();
  const stack = await startFaultStack(env, { name, ...stackOptions });
  try {
    const outcome = await body(stack);
    return { fault: name, ...outcome, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await stack.stop();
  }
}

function outcomeOf(
  items: number,
  expected: ExpectedState,
  checked: { report: CheckReport; rejectedVisible: number; timedOut: boolean },
  notes: string[],
): Omit<FaultOutcome, 'fault' | 'seconds'> {
  if (checked.timedOut) notes.push('deadline passed before S-360 reached the expected state');
  return {
    items,
    report: checked.report,
    rejectedExpected: expected.rejected,
    rejectedVisible: checked.rejectedVisible,
    notes,
  };
}

/** 20 SIGKILLs of the worker at seeded random points of the drain, each followed by a new worker. */
async function sigkill(env: SuiteEnv, options: RunOptions): Promise<FaultOutcome> {
  const items = options.items ?? DEFAULT_ITEMS.sigkill;
  const kills = 20;
  return withStack(env, 'sigkill', { settings: { batchSize: 1000 } }, async (stack) => {
    const expected = generate(stack.tixngo, items, options.seed, 0.01);
    // S-360 answers a little slowly so the drain outlasts 20 kills (each costs the 15 s heartbeat timeout).
    stack.proxy.setDelay(250);
    const random = seededRandom(options.seed);
    let worker = await stack.startWorker();
    await schedule(stack);
    let done = 0;
    let finished = false;
    while (done < kills && !finished) {
      const before = stack.proxy.forwarded();
      await waitFor(
        'S-360 writes after a restart',
        async () => {
          finished = isClean(checkState(expected, await stack.readState()));
          return finished || stack.proxy.forwarded() > before;
        },
        180_000,
      );
      if (finished) break;
      await sleep(Math.floor(random() * 1500));
      await worker.kill();
      done += 1;
      options.log(`sigkill: kill ${done}/${kills} after ${stack.proxy.forwarded()} S-360 requests`);
      worker = await stack.startWorker();
    }
    stack.proxy.setDelay(0);
    const checked = await drainAndCheck(stack, expected, 240_000);
    return outcomeOf(items, expected, checked, [`${done} kills`]);
  });
}

/** TIXNGO answering 10 % 5xx, 5 % time-outs, 3 % 429s, with 1 % malformed items. */
async function tixngoFaults(env: SuiteEnv, options: RunOptions): Promise<FaultOutcome> {
  const items = options.items ?? DEFAULT_ITEMS['tixngo-faults'];
  const faults: FaultPlanInput = {
    seed: options.seed,
    errorRate5xx: 0.1,
    timeoutRate: 0.05,
    rate429: 0.03,
    retryAfterSeconds: 1,
    malformedRate: 0.01,
    hangMs: 5_000,
  };
  const settings: FaultSettings = { batchSize: 50, tixngo: { timeoutMs: 2_000 } };
  return withStack(env, 'tixngo-faults', { settings, faults }, async (stack) => {
    const expected = generate(stack.tixngo, items, options.seed, 0.05);
    await stack.startWorker();
    await schedule(stack);
    const checked = await drainAndCheck(stack, expected, 300_000);
    const served = stack.tixngo.stats().served;
    const notes = [
      `TIXNGO served ${Object.entries(served)
        .map(([fault, count]) => `${fault}:${count}`)
        .join(' ')}`,
    ];
    return outcomeOf(items, expected, checked, notes);
  });
}

/** S-360 unreachable (connections dropped) for `downSeconds` in the middle of the drain. */
async function s360Down(
  env: SuiteEnv,
  options: RunOptions & { downSeconds?: number },
): Promise<FaultOutcome> {
  const items = options.items ?? DEFAULT_ITEMS['s360-down'];
  const downSeconds = options.downSeconds ?? 60;
  return withStack(env, 's360-down', { settings: { batchSize: 500 } }, async (stack) => {
    const expected = generate(stack.tixngo, items, options.seed, 0.05);
    stack.proxy.setDelay(200);
    await stack.startWorker();
    await schedule(stack);
    await waitFor('three bulk writes', () => stack.proxy.forwarded(BULK_WRITE) >= 3, 120_000);
    stack.proxy.setDown(true);
    const heldBefore = (await stack.readState()).tickets.length;
    options.log(`s360-down: S-360 down for ${downSeconds} s with ${heldBefore} tickets written`);
    await sleep(downSeconds * 1000);
    stack.proxy.setDown(false);
    stack.proxy.setDelay(0);
    const checked = await drainAndCheck(stack, expected, 300_000);
    return outcomeOf(items, expected, checked, [`down ${downSeconds} s after ${heldBefore} tickets`]);
  });
}

/** The Temporal dev server (on a database file) stopped and started again mid-drain. */
async function temporalRestart(env: SuiteEnv, options: RunOptions): Promise<FaultOutcome> {
  const items = options.items ?? DEFAULT_ITEMS['temporal-restart'];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-temporal-'));
  const dbFilename = path.join(dir, 'temporal.sqlite');
  let server: DevServer | undefined = await startDevServer({ cli: options.cli, dbFilename });
  try {
    const port = Number(server.address.split(':').at(-1));
    const ownEnv = { ...env, address: server.address };
    return await withStack(ownEnv, 'temporal-restart', { settings: { batchSize: 500 } }, async (stack) => {
      const expected = generate(stack.tixngo, items, options.seed, 0.05);
      stack.proxy.setDelay(200);
      await stack.startWorker();
      await schedule(stack);
      await waitFor('three bulk writes', () => stack.proxy.forwarded(BULK_WRITE) >= 3, 120_000);
      await server?.stop();
      const heldAtStop = (await stack.readState()).tickets.length;
      options.log(`temporal-restart: dev server stopped with ${heldAtStop} tickets written`);
      await sleep(3000);
      server = await startDevServer({ cli: options.cli, dbFilename, port });
      options.log('temporal-restart: dev server started again on the same database file');
      stack.proxy.setDelay(0);
      const checked = await drainAndCheck(stack, expected, 300_000);
      return outcomeOf(items, expected, checked, [`restarted after ${heldAtStop} tickets`]);
    });
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Two schedules of one organizer started at the same moment from two clients, two workers. */
async function twoSchedules(env: SuiteEnv, options: RunOptions): Promise<FaultOutcome> {
  const items = options.items ?? DEFAULT_ITEMS['two-schedules'];
  return withStack(env, 'two-schedules', { settings: { batchSize: 500 } }, async (stack) => {
    const expected = generate(stack.tixngo, items, options.seed, 0.1);
    await Promise.all([stack.startWorker(), stack.startWorker()]);
    const connection = await Connection.connect({ address: env.address });
    try {
      const other = new Client({ connection, dataConverter: dataConverterFromEnv().dataConverter });
      const starts = await Promise.allSettled([schedule(stack), schedule(stack, other)]);
      const accepted = starts.filter((start) => start.status === 'fulfilled').length;
      const refused = starts.filter(
        (start) => start.status === 'rejected' && start.reason instanceof OrganizerAlreadyScheduledError,
      ).length;
      const checked = await drainAndCheck(stack, expected, 180_000);
      const notes = [`${accepted} schedule started, ${refused} refused as already scheduled`];
      if (accepted !== 1 || refused !== 1) notes.push('UNEXPECTED: exactly one start must be accepted');
      return outcomeOf(items, expected, checked, notes);
    } finally {
      await connection.close();
    }
  });
}

export const FAULTS: Record<FaultName, (env: SuiteEnv, options: RunOptions) => Promise<FaultOutcome>> = {
  sigkill,
  'tixngo-faults': tixngoFaults,
  's360-down': s360Down,
  'temporal-restart': temporalRestart,
  'two-schedules': twoSchedules,
};

export { s360Down, twoSchedules };

/** One line of figures per fault. */
export function formatOutcome(outcome: FaultOutcome): string {
  const { report } = outcome;
  return (
    `${outcome.fault.padEnd(17)} expected ${report.expected} / applied ${report.applied} / lost ${report.lost} / ` +
    `duplicated ${report.duplicated} / rejected-and-visible ${outcome.rejectedVisible} of ${outcome.rejectedExpected}` +
    `  (wrong ${report.wrong}; ${outcome.items} items served; ${outcome.notes.join('; ')}; ${outcome.seconds} s)`
  );
}
