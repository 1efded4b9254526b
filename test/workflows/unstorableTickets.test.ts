/**
 * Issue 13, item 4: one ticket S-360 cannot store never blocks its page. Real parts: TIXNGO
 * simulator serving the page, a worker, the S-360 simulator on PostgreSQL.
 */
import { runOnce } from '../../src/client/runOnce';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const stacks: TestStack[] = [];
async function stackFor(name: string): Promise<TestStack> {
  const stack = await startTestStack(name);
  stacks.push(stack);
  return stack;
}
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

const statusOf = async (stack: TestStack, ticketId: string) =>
  (await stack.s360Api.getTicket(ticketId))?.mobileStatus;

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
});
