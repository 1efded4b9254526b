/**
 * A mistyped field of the organizer's configuration (`batchsize`) is never ignored silently: the run
 * goes on with the default and its result lists a warning naming the field and the closest known one
 * (real Temporal server, simulators over HTTP).
 */
import { runOnce } from '../../src/client/runOnce';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

it('a run with an unknown configuration field applies its page and warns of the field', async () => {
  const stack = await stackFor('config-typo', { batchsize: 200 } as never);
  stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
  const result = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
  expect(await statusOf(stack, 'T-1')).toBe('INJECTED');
  expect(result.warnings).toEqual([
    `organizer "${stack.organizerId}": unknown field "batchsize" ignored (did you mean "batchSize"?)`,
  ]);
});

it('a top-level field of the configuration that nothing reads is a warning of every run, naming where it belongs', async () => {
  const stack = await stackFor('config-top-typo', {}, { configFields: { pageBudget: 5 } });
  stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0));
  const result = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
  expect(await statusOf(stack, 'T-1')).toBe('INJECTED');
  expect(result.warnings).toEqual([
    'configuration: unknown top-level field "pageBudget" ignored ("pageBudget" is an organizer\'s ' +
      'setting: put it inside "organizers" → "<organizer id>")',
  ]);
});
