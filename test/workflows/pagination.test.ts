import { runOnce } from '../../src/client/runOnce';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { recordHistory } from '../support/recordHistory';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

describe('pagination key semantics (issue 13 item 6, SPEC §10; real server and simulators)', () => {
  it('an empty nextPageKey is no key: the key stays at the last real one, the next run does not restart the diff', async () => {
    const stack = await stackFor('emptykey', { batchSize: 2 });
    stack.tixngo.faults.set({ endKey: 'empty' });
    stack.tixngo.changes.append(
      ticket('T-1', 'INJECTED', 0),
      ticket('T-2', 'DOWNLOADED', 1),
      ticket('T-3', 'ASSIGNED', 2),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const first = await runOnce(stack.client, options);
    expect([first.items, first.applied, first.stoppedBy]).toEqual([3, 3, 'drained']);
    // The last page (T-3) answered "": the key stays where that page started.
    expect(first.paginationKey).toBe(stack.tixngo.changes.keyAt(2));

    stack.tixngo.changes.append(ticket('T-4', 'CONTROLLED', 3));
    const second = await runOnce(stack.client, options);
    // Only the last page is read again (T-3 unchanged) with what came after it: not the whole diff.
    expect([second.items, second.applied, second.unchanged]).toEqual([2, 1, 1]);
    expect(second.paginationKey).toBe(stack.tixngo.changes.keyAt(2));
    expect(await statusOf(stack, 'T-4')).toBe('CONTROLLED');
  });

  it('pages capped below the batch size are not the end: a backlog of several pages drains in one run', async () => {
    const stack = await stackFor('capped', { batchSize: 5 });
    stack.tixngo.faults.set({ pageCap: 2 });
    stack.tixngo.changes.append(
      ...Array.from({ length: 7 }, (_, i) => ticket(`T-${i + 1}`, 'DOWNLOADED', i)),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect([run.items, run.applied, run.stoppedBy]).toEqual([7, 7, 'drained']);
    expect(run.paginationKey).toBe(stack.tixngo.changes.keyAt(7));
    expect(await statusOf(stack, 'T-7')).toBe('DOWNLOADED');
  });

  it('a TIXNGO that answers null on its last page: the key stays at the last real one', async () => {
    const stack = await stackFor('nullkey', { batchSize: 2 });
    stack.tixngo.faults.set({ endKey: 'null' });
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0), ticket('T-2', 'DOWNLOADED', 1));
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const first = await runOnce(stack.client, options);
    expect([first.items, first.applied]).toEqual([2, 2]);
    expect(first.paginationKey).toBeUndefined(); // no real key was ever given: start of the diff
    stack.tixngo.changes.append(ticket('T-3', 'ASSIGNED', 2));
    const second = await runOnce(stack.client, options);
    expect([second.items, second.applied, second.unchanged]).toEqual([3, 1, 2]);
    expect(second.paginationKey).toBe(stack.tixngo.changes.keyAt(2));
  });

  it('keys that go round in a cycle (A → B → A) halt the run at the first key read twice, saying so, not spinning to the page budget', async () => {
    const stack = await stackFor('keycycle', { batchSize: 1 });
    stack.tixngo.faults.set({ keyCycleAt: 2 });
    stack.tixngo.changes.append(
      ticket('T-1', 'INJECTED', 0),
      ticket('T-2', 'DOWNLOADED', 1),
      ticket('T-3', 'ASSIGNED', 2),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    // (start) → T-1, key A(1) → T-2, key A(0) → T-1 again, key A(1): read already in this run.
    const first = await runOnce(stack.client, options);
    expect([first.pages, first.stoppedBy]).toEqual([3, 'halted']);
    expect(first.halt).toEqual(expect.stringContaining('already read in this run'));
    // The key does not go past the page whose next key was read already.
    expect(first.paginationKey).toBe(stack.tixngo.changes.keyAt(0));
    await recordHistory('feedback-run-once-key-cycle', feedbackWorkflowId(stack.organizerId));

    // The carried key counts as read: A(0) → T-1, A(1) → T-2, then A(0) again.
    const second = await runOnce(stack.client, options);
    expect([second.pages, second.stoppedBy]).toEqual([2, 'halted']);
    expect(second.paginationKey).toBe(stack.tixngo.changes.keyAt(1));
  });
});
