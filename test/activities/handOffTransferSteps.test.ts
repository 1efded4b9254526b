/**
 * The hand-off activity on a fake Temporal client (the real one: test/workflows/transferHandOff.test.ts):
 * one ticket's transfers strictly one after the other, tickets at once up to TICKETS_AT_ONCE, a
 * start for a first hand-off and signalWithStart otherwise, a retry resuming after what its
 * attempt handed on, bad input refused for good.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createHandOffActivities, handOffTransferSteps } from '../../src/activities/handOffTransferSteps';
import type { TransferEvent } from '../../src/domain/transferEvent';
import { transferWorkflowId } from '../../src/workflows/ids';
import { TICKETS_AT_ONCE } from '../../src/workflows/startTransfers';
import type { TransferWorkflowInput } from '../../src/workflows/transferDefinitions';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();

function step(
  ticketId: string,
  transferKey: string,
  status: TransferEvent['status'],
  minute: number,
): TransferEvent {
  return {
    organizerId: 'acme',
    ticketId,
    transferKey,
    status,
    statusChangedAt: at(minute),
    senderEmail: 'ana@example.org',
    recipientEmail: 'ben@example.org',
  };
}

interface Call {
  kind: 'start' | 'signalWithStart';
  workflowId: string;
  taskQueue: string;
  input: TransferWorkflowInput;
  signal?: string;
  signalArgs?: unknown[];
}

/** A client whose calls take `delayMs`, logging when each begins and ends. */
function fakeClient(options: { delayMs?: number; running?: Set<string>; failOnce?: Set<string> } = {}) {
  const calls: Call[] = [];
  const log: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const call = async (kind: Call['kind'], opts: Record<string, unknown>): Promise<void> => {
    const workflowId = opts.workflowId as string;
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    log.push(`begin ${kind} ${workflowId}`);
    try {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
      if (options.failOnce?.delete(workflowId)) throw new Error('14 UNAVAILABLE: connection refused');
      if (kind === 'start' && options.running?.has(workflowId)) {
        throw new WorkflowExecutionAlreadyStartedError('already started', workflowId, 'transferWorkflow');
      }
      calls.push({
        kind,
        workflowId,
        taskQueue: opts.taskQueue as string,
        input: (opts.args as TransferWorkflowInput[])[0] as TransferWorkflowInput,
        signal: (opts.signal as { name: string } | undefined)?.name,
        signalArgs: opts.signalArgs as unknown[] | undefined,
      });
      options.running?.add(workflowId);
    } finally {
      inFlight -= 1;
      log.push(`end ${kind} ${workflowId}`);
    }
  };
  const client = {
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => R): R => fn(),
    workflow: {
      start: (_type: string, opts: Record<string, unknown>) => call('start', opts),
      signalWithStart: (_type: string, opts: Record<string, unknown>) => call('signalWithStart', opts),
    },
  } as unknown as Client;
  return { client, calls, log, mostInFlight: () => mostInFlight };
}

const idOf = (ticketId: string, transferKey: string) => transferWorkflowId('acme', ticketId, transferKey);

describe('handOffTransferSteps', () => {
  it('hands one ticket’s transfers on oldest first, each once the previous one has been handed on', async () => {
    const fake = fakeClient({ delayMs: 5 });
    const events = [
      step('T-1', 'k-new', 'PENDING_TRANSFER', 30),
      step('T-1', 'k-old', 'TRANSFERRED', 20),
      step('T-1', 'k-old', 'PENDING_TRANSFER', 5),
    ];
    const result = await handOffTransferSteps(
      { events, acceptanceWindowMs: 3_600_000 },
      { client: fake.client, taskQueue: 'q' },
    );
    expect(result).toEqual({ tickets: 1, transfers: 2, steps: 3 });
    expect(fake.log).toEqual([
      `begin start ${idOf('T-1', 'k-old')}`,
      `end start ${idOf('T-1', 'k-old')}`,
      `begin start ${idOf('T-1', 'k-new')}`,
      `end start ${idOf('T-1', 'k-new')}`,
    ]);
    // The first step starts it, the later ones come with it, in TIXNGO's order; on the activity's task queue.
    expect(fake.calls[0]).toMatchObject({
      taskQueue: 'q',
      input: {
        event: { status: 'PENDING_TRANSFER', transferKey: 'k-old' },
        laterSteps: [{ status: 'TRANSFERRED' }],
        acceptanceWindowMs: 3_600_000,
      },
    });
  });

  it('signals the steps to a running transfer (signalWithStart), also when its start is refused as already started', async () => {
    const running = new Set([idOf('T-1', 'k-1'), idOf('T-2', 'k-2')]);
    const fake = fakeClient({ running });
    await handOffTransferSteps(
      {
        events: [step('T-1', 'k-1', 'TRANSFERRED', 20), step('T-2', 'k-2', 'PENDING_TRANSFER', 5)],
        acceptanceWindowMs: 1000,
      },
      { client: fake.client, taskQueue: 'q' },
    );
    expect(fake.calls.map((call) => [call.kind, call.workflowId, call.signal])).toEqual(
      expect.arrayContaining([
        ['signalWithStart', idOf('T-1', 'k-1'), 'transferSteps'],
        ['signalWithStart', idOf('T-2', 'k-2'), 'transferSteps'],
      ]),
    );
    expect(fake.calls).toHaveLength(2);
    const signalled = fake.calls.find((call) => call.workflowId === idOf('T-1', 'k-1'));
    expect(signalled?.signalArgs).toEqual([[expect.objectContaining({ status: 'TRANSFERRED' })]]);
  });

  it(`works on at most ${TICKETS_AT_ONCE} tickets at once`, async () => {
    const fake = fakeClient({ delayMs: 3 });
    const events = Array.from({ length: 60 }, (_, i) => step(`T-${i}`, `k-${i}`, 'PENDING_TRANSFER', 1));
    const result = await handOffTransferSteps(
      { events, acceptanceWindowMs: 1000 },
      { client: fake.client, taskQueue: 'q' },
    );
    expect(result.transfers).toBe(60);
    expect(fake.mostInFlight()).toBe(TICKETS_AT_ONCE);
  });

  it('a retry skips the transfers its attempt handed on (heartbeat), and goes on with the rest', async () => {
    const events = [
      step('T-1', 'k-1', 'PENDING_TRANSFER', 1),
      step('T-1', 'k-2', 'PENDING_TRANSFER', 2),
      step('T-2', 'k-3', 'PENDING_TRANSFER', 3),
    ];
    const failing = fakeClient({ failOnce: new Set([idOf('T-1', 'k-2')]) });
    const beats: unknown[] = [];
    const first = new MockActivityEnvironment({ taskQueue: 'q' }, { client: failing.client });
    first.on('heartbeat', (details: unknown) => beats.push(details));
    await expect(
      first.run(createHandOffActivities().handOffTransferSteps, { events, acceptanceWindowMs: 1000 }),
    ).rejects.toThrow('UNAVAILABLE');
    const last = beats[beats.length - 1] as { done: number[] };
    expect([...last.done].sort()).toEqual([0, 2]); // k-1 and k-3 handed on, k-2 not

    const retry = fakeClient();
    await new MockActivityEnvironment(
      { taskQueue: 'q', heartbeatDetails: last },
      { client: retry.client },
    ).run(createHandOffActivities().handOffTransferSteps, { events, acceptanceWindowMs: 1000 });
    expect(retry.calls.map((call) => call.workflowId)).toEqual([idOf('T-1', 'k-2')]);
  });

  it('refuses input that is no list of transfer steps for good (InvalidData, not retried)', async () => {
    const fake = fakeClient();
    const bad = [
      { events: 'nope', acceptanceWindowMs: 1000 },
      { events: [{ ...step('T-1', 'k', 'PENDING_TRANSFER', 1), status: 'LOST' }], acceptanceWindowMs: 1000 },
      { events: [step('T-1', 'k', 'PENDING_TRANSFER', 1)], acceptanceWindowMs: Number.NaN },
    ];
    for (const input of bad) {
      const failure = await handOffTransferSteps(input as never, {
        client: fake.client,
        taskQueue: 'q',
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'InvalidData', nonRetryable: true });
    }
    expect(fake.calls).toEqual([]);
  });
});
