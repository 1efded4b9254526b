/**
 * Issue 13, item 4: one ticket S-360 cannot store never blocks its page. Real parts: TIXNGO
 * simulator serving the page, a worker, the S-360 simulator on PostgreSQL.
 */
import { runOnce } from '../../src/client/runOnce';
import { eventually } from '../support/env';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

describe('a ticket S-360 cannot store is rejected, the rest of its page applies', () => {
  it('a NUL character in a holder’s name: that ticket is rejected with its field, the other is written', async () => {
    const stack = await stackFor('nul-name');
    stack.tixngo.changes.append(
      ticket('T-1', 'ASSIGNED', 0, { holder: { firstName: 'Ann\u0000a', lastName: 'Keller' } }),
      ticket('T-2', 'ASSIGNED', 1, { holder: { firstName: 'Bo', lastName: 'Keller' } }),
    );
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });

    expect([run.stoppedBy, run.applied, run.rejected]).toEqual(['drained', 1, 1]);
    expect(run.openRejections).toEqual([
      expect.objectContaining({
        ticketId: 'T-1',
        path: 'holder.firstName',
        reason: expect.stringContaining('U+0000'),
        raw: expect.stringContaining('Ann\\u0000a'),
      }),
    ]);
    expect(await statusOf(stack, 'T-2')).toBe('ASSIGNED');
    expect(await statusOf(stack, 'T-1')).toBeUndefined();
  });

  it('S-360 refuses one ticket of a page of 700 (422): only it is rejected, with S-360’s message and its raw item', async () => {
    const stack = await stackFor('refused-422');
    const ids = Array.from({ length: 700 }, (_, n) => `R-${String(n).padStart(4, '0')}`);
    stack.tixngo.changes.append(...ids.map((ticketId, n) => ticket(ticketId, 'DOWNLOADED', n % 60)));
    stack.s360.refusals.refuse(['R-0345'], { status: 422, message: 'ticket is locked by a resale' });
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });

    expect([run.stoppedBy, run.items, run.applied, run.rejected]).toEqual(['drained', 700, 699, 1]);
    expect(run.openRejections).toEqual([
      expect.objectContaining({
        ticketId: 'R-0345',
        index: 345,
        path: '(item)',
        reason: expect.stringMatching(/^S-360 refused it: HTTP 422: .*ticket is locked by a resale/),
        raw: expect.stringContaining('"ticketId":"R-0345"'),
      }),
    ]);
    expect(await stack.s360.store.count('tickets')).toBe(699);
    expect(await statusOf(stack, 'R-0344')).toBe('DOWNLOADED');
    expect(await statusOf(stack, 'R-0345')).toBeUndefined();

    // Once S-360 takes it, a replay of the raw item applies it (here: TIXNGO sends a newer change).
    stack.s360.refusals.clear();
    stack.tixngo.changes.append(ticket('R-0345', 'ASSIGNED', 61));
    const next = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([next.applied, next.openRejections]).toEqual([1, []]);
  });

  it('S-360 fails (500) on one ticket while it writes the others: that ticket is rejected, the run completes', async () => {
    const stack = await stackFor('refused-500');
    stack.tixngo.changes.append(
      ticket('F-1', 'DOWNLOADED', 0),
      ticket('F-2', 'DOWNLOADED', 1),
      ticket('F-3', 'DOWNLOADED', 2),
    );
    stack.s360.refusals.refuse(['F-2'], { status: 500, message: 'NullPointerException' });
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });

    expect([run.stoppedBy, run.applied, run.rejected]).toEqual(['drained', 2, 1]);
    expect(run.openRejections).toEqual([
      expect.objectContaining({
        ticketId: 'F-2',
        path: '(item)',
        reason: expect.stringMatching(/^S-360 failed on it: HTTP 500: .*NullPointerException/),
        raw: expect.stringContaining('"ticketId":"F-2"'),
      }),
    ]);
    expect([await statusOf(stack, 'F-1'), await statusOf(stack, 'F-3')]).toEqual([
      'DOWNLOADED',
      'DOWNLOADED',
    ]);
  });

  it('S-360 failing (500) on every ticket of the page is taken as an outage: retried, nothing rejected', async () => {
    const stack = await stackFor('all-500');
    stack.tixngo.changes.append(ticket('O-1', 'DOWNLOADED', 0), ticket('O-2', 'DOWNLOADED', 1));
    stack.s360.refusals.refuse(['O-1', 'O-2'], { status: 500, message: 'database unavailable' });
    const run = runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    // Two attempts of the page (each: the bulk write, then each ticket alone) failed...
    await eventually(async () => (stack.s360.refusals.served >= 6 ? true : undefined), 'two failed attempts');
    stack.s360.refusals.clear();
    // ...and once S-360 is back, the page applies whole.
    const result = await run;
    expect([result.stoppedBy, result.applied, result.rejected, result.openRejections]).toEqual([
      'drained',
      2,
      0,
      [],
    ]);
  });
});
