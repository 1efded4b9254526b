/**
 * Two changes of one ticket at the same statusChangedAt (TIXNGO's times are often whole seconds: a
 * ticket activated and controlled at a gate in the same second): the one further along the ticket's
 * lifecycle (SPEC §3) is the newer, whether they come in one page or in two runs, in either order
 * (real Temporal server, simulators over HTTP).
 */
import { runOnce } from '../../src/client/runOnce';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

it('ACTIVATED then CONTROLLED in the same second, in two runs: CONTROLLED is applied, not "unchanged"', async () => {
  const stack = await stackFor('same-time');
  const go = () => runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
  stack.tixngo.changes.append(ticket('T-1', 'ACTIVATED', 5), ticket('T-2', 'CONTROLLED', 5));
  await go();
  stack.tixngo.changes.append(ticket('T-1', 'CONTROLLED', 5), ticket('T-2', 'ACTIVATED', 5));
  const second = await go();
  expect([second.applied, second.unchanged]).toEqual([1, 1]);
  expect([await statusOf(stack, 'T-1'), await statusOf(stack, 'T-2')]).toEqual(['CONTROLLED', 'CONTROLLED']);
});

it('the same two in one page, in either order: CONTROLLED', async () => {
  const stack = await stackFor('same-time-page');
  stack.tixngo.changes.append(
    ticket('T-1', 'ACTIVATED', 5),
    ticket('T-1', 'CONTROLLED', 5),
    ticket('T-2', 'CONTROLLED', 5),
    ticket('T-2', 'ACTIVATED', 5),
  );
  const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
  expect([run.applied, run.superseded]).toEqual([2, 2]);
  expect([await statusOf(stack, 'T-1'), await statusOf(stack, 'T-2')]).toEqual(['CONTROLLED', 'CONTROLLED']);
});
