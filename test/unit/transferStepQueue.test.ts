import type { TransferEvent } from '../../src/domain/transferEvent';
import { TransferStepQueue, type QueuedPage } from '../../src/workflows/transferStepQueue';

const step = (ticketId: string): TransferEvent => ({
  organizerId: 'org',
  ticketId,
  transferKey: `k-${ticketId}`,
  status: 'PENDING_TRANSFER',
  statusChangedAt: '2026-11-23T10:00:00Z',
  senderEmail: 'a@example.org',
  recipientEmail: 'b@example.org',
});
const page = (key: string, ...tickets: string[]): QueuedPage => ({
  events: tickets.map(step),
  keyAfter: key,
});
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A startTransfers the test settles by hand, recording what it was given. */
function manualStarts() {
  const calls: { tickets: string[]; settle: () => void; fail: (error: Error) => void }[] = [];
  const startTransfers = (events: readonly TransferEvent[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ tickets: events.map((event) => event.ticketId), settle: resolve, fail: reject });
    });
  return { calls, startTransfers };
}

describe('the transfer step queue of a feedback run', () => {
  it('reports a page without transfers at once when nothing is queued before it', () => {
    const handed: string[] = [];
    const queue = new TransferStepQueue(
      () => Promise.resolve(),
      (p) => handed.push(p.keyAfter ?? ''),
      10,
    );
    queue.push(page('p1'));
    expect([handed, queue.busy]).toEqual([['p1'], false]);
  });

  it('hands pages off in order, several at once when they queued up, and reports each only after', async () => {
    const { calls, startTransfers } = manualStarts();
    const handed: string[] = [];
    const queue = new TransferStepQueue(startTransfers, (p) => handed.push(p.keyAfter ?? ''), 10);

    queue.push(page('p1', 'T1', 'T2'));
    await flush();
    queue.push(page('p2')); // no transfers, but behind p1: it waits for p1
    queue.push(page('p3', 'T3'));
    queue.push(page('p4', 'T4'));
    expect(handed).toEqual([]);
    expect(queue.queuedSteps).toBe(4);

    calls[0]?.settle();
    await flush();
    expect(handed).toEqual(['p1']);
    // p2, p3 and p4 had queued up meanwhile: one batch with all their steps.
    expect(calls.map((call) => call.tickets)).toEqual([
      ['T1', 'T2'],
      ['T3', 'T4'],
    ]);

    calls[1]?.settle();
    await queue.whenIdle();
    expect(handed).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect([queue.busy, queue.queuedSteps]).toEqual([false, 0]);
  });

  it('keeps a batch under its limit (whole pages; a larger page goes alone)', async () => {
    const { calls, startTransfers } = manualStarts();
    const queue = new TransferStepQueue(startTransfers, () => undefined, 3);
    queue.push(page('p1', 'A'));
    await flush();
    queue.push(page('p2', 'B', 'C'));
    queue.push(page('p3', 'D', 'E'));
    queue.push(page('p4', 'F', 'G', 'H', 'I'));
    for (let i = 0; i < 4; i += 1) {
      calls[i]?.settle();
      await flush();
    }
    await queue.whenIdle();
    expect(calls.map((call) => call.tickets)).toEqual([['A'], ['B', 'C'], ['D', 'E'], ['F', 'G', 'H', 'I']]);
  });

  it('after a failed batch reports nothing more and rethrows the failure', async () => {
    const { calls, startTransfers } = manualStarts();
    const handed: string[] = [];
    const queue = new TransferStepQueue(startTransfers, (p) => handed.push(p.keyAfter ?? ''), 10);
    queue.push(page('p1', 'T1'));
    await flush();
    queue.push(page('p2', 'T2'));
    calls[0]?.fail(new Error('start refused'));
    await expect(queue.whenIdle()).rejects.toThrow('start refused');
    queue.push(page('p3'));
    expect([handed, queue.failed, calls.length]).toEqual([[], true, 1]);
  });

  it('a page pushed after the queue went idle starts a new batch', async () => {
    const { calls, startTransfers } = manualStarts();
    const handed: string[] = [];
    const queue = new TransferStepQueue(startTransfers, (p) => handed.push(p.keyAfter ?? ''), 10);
    queue.push(page('p1', 'T1'));
    await flush();
    calls[0]?.settle();
    await queue.whenIdle();
    queue.push(page('p2', 'T2'));
    await flush();
    calls[1]?.settle();
    await queue.whenIdle();
    expect(handed).toEqual(['p1', 'p2']);
  });
});
