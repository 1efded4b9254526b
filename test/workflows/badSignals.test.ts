/**
 * Issue 13, items 1 and 2: nothing an operator sends by signal or as the workflow's input stalls the
 * feed. A payload of the wrong shape, or skip entries the page could not use, are refused with a
 * warning in the run's state and result; the rest goes on (real Temporal server, simulators over HTTP).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { runOnce } from '../../src/client/runOnce';
import { signalSkipList } from '../../src/client/skipTickets';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { stateQuery, type FeedbackRunResult } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually, testEnv, uniqueSuffix } from '../support/env';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../support/workerProcess';
import { type TestStack, stacksStoppedAfterAll, statusOf } from '../support/stack';
import { at, ticket } from '../support/tickets';
import {
  feed,
  person,
  soldTicket,
  transferHandle,
  transferItem,
  transferKeyFor,
  transferOf,
  transferResult,
} from '../support/transfers';

const run = promisify(execFile);
const stackFor = stacksStoppedAfterAll();
const workers: WorkerProcess[] = [];
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
});

/** A stalled feed never gets there: a generous bound, so the test fails instead of hanging. */
const STALL = { timeoutMs: 45_000 };

async function appliedEventually(stack: TestStack, ticketId: string, status: string, what: string) {
  await eventually(
    async () => ((await statusOf(stack, ticketId)) === status ? true : undefined),
    what,
    STALL,
  );
}

/** The finished runs' warnings, once one of them has all the expected ones. */
async function warningsOfFinishedRuns(stack: TestStack, expected: RegExp[]): Promise<string[]> {
  return eventually(
    async () => {
      const runs = await completedFeedbackRuns(stack.client, stack.organizerId);
      const found = runs.find((r) =>
        expected.every((pattern) => r.result.warnings.some((w) => pattern.test(w))),
      );
      return found?.result.warnings;
    },
    'a finished run to report the refused signals',
    STALL,
  );
}

/**
 * The refusal warnings per signal name, added up over every finished run, once they reach `atLeast`
 * (a refused signal is reported by the run that got it, never carried to the next).
 */
async function refusalsOverFinishedRuns(
  stack: TestStack,
  atLeast: Record<string, number>,
): Promise<Record<string, number>> {
  return eventually(
    async () => {
      const runs = await completedFeedbackRuns(stack.client, stack.organizerId);
      const counts = Object.fromEntries(
        Object.keys(atLeast).map((name) => [
          name,
          runs
            .flatMap((run) => run.result.warnings)
            .filter((warning) => new RegExp(`signal "${name}".*refused`).test(warning)).length,
        ]),
      );
      return Object.entries(atLeast).every(([name, least]) => (counts[name] ?? 0) >= least)
        ? counts
        : undefined;
    },
    'finished runs to report every refused signal',
    STALL,
  );
}

/**
 * The `state` of a cron run (@every 1s, its start date an hour ahead so it never calls TIXNGO) that
 * got `signal` with its start: the run's first task handles it.
 */
async function stateAfterSignalAtStart(stack: TestStack, signal: string, signalArgs: unknown[]) {
  const { organizerId, client, taskQueue } = stack;
  const handle = await client.workflow.signalWithStart('feedbackWorkflow', {
    workflowId: feedbackWorkflowId(organizerId),
    taskQueue,
    args: [{ organizerId, notBefore: new Date(Date.now() + 3_600_000).toISOString() }],
    signal,
    signalArgs,
    cronSchedule: '@every 1s',
    workflowExecutionTimeout: '1 minute',
  });
  const run = client.workflow.getHandle(feedbackWorkflowId(organizerId), handle.signaledRunId);
  return eventually(
    () => run.query(stateQuery).catch(() => undefined),
    'the run that got the signal to answer its state query',
  );
}

async function temporalSignal(workflowId: string, name: string, input: string): Promise<void> {
  await run(testEnv('TEMPORAL_CLI'), [
    'workflow',
    'signal',
    '--address',
    testEnv('TEMPORAL_ADDRESS'),
    '--workflow-id',
    workflowId,
    '--name',
    name,
    '--input',
    input,
  ]);
}

describe('signal payloads of the wrong shape are refused with a warning, and the feed goes on', () => {
  it('skipTickets "id:T-1" (a string, not a list) sent with `temporal workflow signal`', async () => {
    const stack = await stackFor('sig-string');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    await appliedEventually(stack, 'T-1', 'INJECTED', 'the first run to apply T-1');

    await temporalSignal(feedbackWorkflowId(organizerId), 'skipTickets', '"id:T-1"');
    const warnings = await warningsOfFinishedRuns(stack, [/signal "skipTickets".*refused/]);
    expect(warnings.find((w) => w.includes('skipTickets'))).toMatch(/expected a list/i);

    // Not applied as a skip, and the feed goes on.
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 5));
    await appliedEventually(stack, 'T-1', 'DOWNLOADED', 'the feed to go on after the bad signal');
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });

  it('numbers, objects, nested lists and oversized lists, for every signal, are refused one by one', async () => {
    const stack = await stackFor('sig-shapes');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    await appliedEventually(stack, 'T-1', 'INJECTED', 'the first run to apply T-1');

    const handle = client.workflow.getHandle(feedbackWorkflowId(organizerId));
    const send = (name: string, payload: unknown) => handle.signal(name, payload);
    await send('skipTickets', 42);
    await send('unskipTickets', { entries: ['id:T-1'] });
    await send('resolveRejections', [['T-1']]);
    await send(
      'skipTickets',
      Array.from({ length: 5_000 }, (_, i) => `id:T-${i}`),
    );
    await send('skipTickets', [`id:${'x'.repeat(20_000)}`]);
    await send('skipTickets', ['id:T-2']);

    // On an `@every 1s` chain the six signals may reach one run or several: each refusal is reported
    // once, by the run that got it, so they are counted over every finished run.
    const refusals = await refusalsOverFinishedRuns(stack, {
      skipTickets: 3,
      unskipTickets: 1,
      resolveRejections: 1,
    });
    expect(refusals).toEqual({ skipTickets: 3, unskipTickets: 1, resolveRejections: 1 });

    // The valid signal after them counts: T-2 is skipped, T-3 applied.
    stack.tixngo.changes.append(ticket('T-2', 'INJECTED', 5), ticket('T-3', 'INJECTED', 5));
    await appliedEventually(stack, 'T-3', 'INJECTED', 'the feed to go on after the bad signals');
    expect(await statusOf(stack, 'T-2')).toBeUndefined();
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });

  it('the refusal shows in the run’s `state` query', async () => {
    const stack = await stackFor('sig-state');
    const { organizerId, client } = stack;
    const state = await stateAfterSignalAtStart(stack, 'skipTickets', ['id:T-1']);
    expect(state.warnings).toEqual([expect.stringMatching(/signal "skipTickets".*refused/)]);
    expect(state.skipTickets).toEqual([]);
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });
});

describe('a signal of an unknown name is not dropped silently', () => {
  it('a mistyped name ("SkipTickets") is a warning in the run’s state naming it and the closest signal, never its payload', async () => {
    const stack = await stackFor('sig-unknown');
    const { organizerId, client } = stack;
    const state = await stateAfterSignalAtStart(stack, 'SkipTickets', [['id:SECRET-PAYLOAD']]);
    expect(state.warnings).toEqual([
      expect.stringMatching(/unknown signal "SkipTickets".*did you mean "skipTickets"/),
    ]);
    expect(state.warnings.join(' ')).not.toContain('SECRET-PAYLOAD');
    expect(state.skipTickets).toEqual([]);
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });

  it('the transfer workflow warns of an unknown signal too', async () => {
    const stack = await stackFor('sig-unknown-transfer');
    const ana = person('Ana');
    const ben = person('Ben');
    await soldTicket(stack, 'TR-UNK', ana);
    const transfer = transferOf(ana, ben, 10);
    await feed(stack, transferItem('TR-UNK', 'PENDING_TRANSFER', 10, transfer, ana));
    await transferHandle(stack, 'TR-UNK', transfer).signal('transferevent', { status: 'TRANSFERRED' });
    await feed(stack, transferItem('TR-UNK', 'TRANSFERRED', 20, transfer, ben));
    const result = await transferResult(stack, 'TR-UNK', transfer);
    expect([result.distribution, result.events]).toEqual(['CONFIRMED', 2]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/unknown signal "transferevent".*did you mean "transferEvent"/),
    ]);
  });
});

describe('the transfer workflow’s signals are checked too', () => {
  it('a payload of another shape, or a step of another transfer, is refused; the transfer settles', async () => {
    const stack = await stackFor('sig-transfer');
    const ana = person('Ana');
    const ben = person('Ben');
    await soldTicket(stack, 'TR-SIG', ana);
    const transfer = transferOf(ana, ben, 10);
    await feed(stack, transferItem('TR-SIG', 'PENDING_TRANSFER', 10, transfer, ana));
    const handle = transferHandle(stack, 'TR-SIG', transfer);
    await handle.signal('transferEvent', 'TRANSFERRED');
    await handle.signal('transferEvent', { status: 'TRANSFERRED' });
    await handle.signal('transferSuperseded', { status: 'CONFIRMED' });
    const other = { ...transferOf(ben, ana, 12) };
    await handle.signal('transferEvent', {
      organizerId: stack.organizerId,
      ticketId: 'TR-OTHER',
      transferKey: 'k-other',
      status: 'FAILURE_TRANSFER',
      statusChangedAt: new Date().toISOString(),
      ...other,
    });

    await feed(stack, transferItem('TR-SIG', 'TRANSFERRED', 20, transfer, ben));
    const result = await transferResult(stack, 'TR-SIG', transfer);
    expect([result.distribution, result.events]).toEqual(['CONFIRMED', 2]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/signal "transferEvent" refused: got a string/),
      expect.stringMatching(/signal "transferEvent" refused: got an object/),
      expect.stringMatching(/signal "transferSuperseded" refused/),
      expect.stringMatching(/signal "transferEvent" refused: a step of another transfer/),
    ]);
  });
});

describe('the transfer workflow’s transferSteps signal (the hand-off activity’s signalWithStart)', () => {
  it('each step is checked like a transferEvent; steps it already has are skipped, not counted twice', async () => {
    const stack = await stackFor('sig-transfer-steps');
    const ana = person('Ana');
    const ben = person('Ben');
    await soldTicket(stack, 'TR-STEPS', ana);
    const transfer = transferOf(ana, ben, 10);
    await feed(stack, transferItem('TR-STEPS', 'PENDING_TRANSFER', 10, transfer, ana));
    const handle = transferHandle(stack, 'TR-STEPS', transfer);
    const pending = {
      organizerId: stack.organizerId,
      ticketId: 'TR-STEPS',
      transferKey: transferKeyFor(stack.organizerId, 'TR-STEPS', transfer),
      status: 'PENDING_TRANSFER',
      statusChangedAt: at(10),
      ...transfer,
    };
    await handle.signal('transferSteps', 'PENDING_TRANSFER');
    // The PENDING it started with again (a retried hand-off): skipped; a step of another shape and
    // one of another transfer: refused, each with its warning.
    await handle.signal('transferSteps', [
      pending,
      { status: 'TRANSFERRED' },
      { ...pending, ticketId: 'TR-OTHER', status: 'FAILURE_TRANSFER' },
    ]);
    await handle.signal('transferSteps', [pending, pending]);
    expect((await handle.query('state')) as { events: number }).toMatchObject({ events: 1 });

    await feed(stack, transferItem('TR-STEPS', 'TRANSFERRED', 20, transfer, ben));
    const result = await transferResult(stack, 'TR-STEPS', transfer);
    expect([result.distribution, result.events]).toEqual(['CONFIRMED', 2]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/signal "transferSteps" refused: got a string/),
      expect.stringMatching(/signal "transferSteps" refused: got an object/),
      expect.stringMatching(/signal "transferSteps" refused: a step of another transfer/),
    ]);
  });
});

describe('a refused signal in the worker log', () => {
  it('reaches the worker process’s JSON log as a WARN line with the organizer and the run', async () => {
    const organizerId = `sig-log-${uniqueSuffix()}`;
    const taskQueue = `test-${organizerId}`;
    const configFile = writeConfigFile({
      organizers: {
        [organizerId]: { tixngo: { baseUrl: 'http://127.0.0.1:1' }, s360: { baseUrl: 'http://127.0.0.1:1' } },
      },
    });
    const worker = await startWorkerProcess({ configFile, taskQueue, secrets: {} });
    workers.push(worker);
    const stack = await stackFor('sig-log-client');
    // The signal comes with the start, so the run's first task handles it; the start date keeps it
    // from calling TIXNGO or S-360.
    const handle = await stack.client.workflow.signalWithStart('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue,
      args: [{ organizerId, notBefore: new Date(Date.now() + 3_600_000).toISOString() }],
      signal: 'skipTickets',
      signalArgs: ['id:T-1'],
      // Today's code fails every workflow task: without this bound the test would wait for ever.
      workflowExecutionTimeout: '30 seconds',
    });
    const result = (await handle.result()) as FeedbackRunResult;
    expect(result.warnings).toEqual([expect.stringMatching(/signal "skipTickets" refused/)]);
    const line = await eventually(async () => {
      const found = worker
        .output()
        .split('\n')
        .find((text) => text.includes('signal \\"skipTickets\\" refused'));
      return found ? (JSON.parse(found) as Record<string, unknown>) : undefined;
    }, 'the worker to log the refusal');
    expect(line).toMatchObject({ level: 'WARN', organizerId, runId: handle.signaledRunId });
  });
});

describe('skip entries are judged when they arrive (issue 13, item 2)', () => {
  it('invalid entries are refused with a warning naming them; valid ones in the same signal are kept', async () => {
    const stack = await stackFor('skip-judged');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    await appliedEventually(stack, 'T-1', 'INJECTED', 'the first run to apply T-1');

    await temporalSignal(feedbackWorkflowId(organizerId), 'skipTickets', '["id:T#1", "id:", "id:T-3"]');
    const warnings = await warningsOfFinishedRuns(stack, [/"id:T#1"/, /"id:"/]);
    expect(warnings.find((w) => w.includes('"id:T#1"'))).toMatch(/not a ticket id/);
    expect(warnings.find((w) => w.includes('"id:"'))).toMatch(/no ticket id/);

    stack.tixngo.changes.append(ticket('T-3', 'INJECTED', 5), ticket('T-4', 'INJECTED', 5));
    await appliedEventually(stack, 'T-4', 'INJECTED', 'the page after the signal to be applied');
    expect(await statusOf(stack, 'T-3')).toBeUndefined();
    const latest = (await completedFeedbackRuns(client, organizerId)).at(-1)?.result;
    expect(latest?.skipTickets).toEqual(['id:T-3']);
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });

  it('an entry in the list that does not parse (carried from an older version) is not used, and unskip removes it', async () => {
    const stack = await stackFor('skip-unparsable');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue,
      args: [{ organizerId, skipTickets: ['id:T#1', 'id:T-5'] }],
      cronSchedule: '@every 1s',
    });
    // The page is applied: the entry that does not parse cannot stall it.
    await appliedEventually(stack, 'T-1', 'INJECTED', 'the first run to apply T-1 despite the bad entry');
    const reported = await warningsOfFinishedRuns(stack, [/"id:T#1"/]);
    expect(reported.find((w) => w.includes('"id:T#1"'))).toMatch(/unskip/);

    await signalSkipList(client, organizerId, 'unskip', ['id:T#1']);
    const after = await eventually(async () => {
      const latest = (await completedFeedbackRuns(client, organizerId)).at(-1)?.result;
      return latest && !latest.skipTickets.includes('id:T#1') ? latest : undefined;
    }, 'a run without the unparsable entry');
    expect(after.skipTickets).toEqual(['id:T-5']);
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });
});

describe('the configuration’s skip list is checked when a run loads its settings', () => {
  it('a bad entry fails the run at once with a ConfigError naming the organizer and the field', async () => {
    const stack = await stackFor('skip-config', { skipTickets: '1001,id:T#1' });
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    const failure = await runOnce(stack.client, {
      organizerId: stack.organizerId,
      taskQueue: stack.taskQueue,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect([cause.type, cause.nonRetryable]).toEqual(['ConfigError', true]);
    expect(cause.message).toContain(`organizer "${stack.organizerId}", field "skipTickets"`);
    expect(cause.message).toContain('"id:T#1"');
    expect(await statusOf(stack, 'T-1')).toBeUndefined();
  });
});

describe('the workflow input is checked (issue 13, item 1)', () => {
  it('an input of the wrong shape fails the run at once, naming the field, without retrying', async () => {
    const stack = await stackFor('bad-input');
    const { organizerId, client, taskQueue } = stack;
    const handle = await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue,
      args: [{ organizerId, skipTickets: 'id:T-1' } as never],
      // Today's code fails every workflow task: without this bound the test would wait for ever.
      workflowExecutionTimeout: '30 seconds',
    });
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(cause?.message).toMatch(/input.*field "skipTickets"/);
  });

  it('so is the import workflow’s: a skip list that is not a list fails it at once, naming the field', async () => {
    const stack = await stackFor('bad-import-input');
    const { organizerId, client, taskQueue } = stack;
    const handle = await client.workflow.start('importDiffWorkflow', {
      workflowId: `test-import-${organizerId}`,
      taskQueue,
      args: [
        { organizerId, source: 'repair.json', items: [ticket('T-1', 'INJECTED', 0)], skipTickets: 'id:T-1' },
      ],
      workflowExecutionTimeout: '30 seconds',
    });
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect([cause.type, cause.nonRetryable]).toEqual(['InvalidWorkflowInput', true]);
    expect(cause.message).toMatch(/import workflow, field "skipTickets"/);
    expect(await statusOf(stack, 'T-1')).toBeUndefined();
  });

  it('a result of a finished run is still what the next run starts from', async () => {
    const stack = await stackFor('input-ok');
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
    const handle = await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue,
      args: [{ organizerId, skipTickets: ['id:T-1'] }],
    });
    const result = (await handle.result()) as FeedbackRunResult;
    expect([result.skipped, result.skipTickets, result.warnings]).toEqual([1, ['id:T-1'], []]);
  });
});
