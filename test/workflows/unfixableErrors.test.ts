/**
 * Issue 13, item 10: an error a retry cannot fix is never retried without end. Real parts (Temporal
 * dev server, worker, simulators); the S-360 gateway is wrapped to fail in ways no simulator does.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { UNEXPECTED_ERROR_MAX_ATTEMPTS } from '../../src/activities/failures';
import { runOnce } from '../../src/client/runOnce';
import type { S360Gateway } from '../../src/s360/gateway';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

/** A stack whose bulk writes to S-360 throw what `fail` makes; counts the attempts. */
async function failingStack(name: string, fail: () => Error) {
  const counter = { calls: 0 };
  const stack = await startTestStack(
    name,
    {},
    {
      wrapS360: (gateway: S360Gateway): S360Gateway => ({
        ...gateway,
        async applyMobileUpdates() {
          counter.calls += 1;
          throw fail();
        },
      }),
    },
  );
  stacks.push(stack);
  stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0));
  const failure = await runOnce(stack.client, {
    organizerId: stack.organizerId,
    taskQueue: stack.taskQueue,
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { failure, counter };
}

describe('errors a retry cannot fix end the run, with the reason on top', () => {
  it(`an unexpected error: the run fails after ${UNEXPECTED_ERROR_MAX_ATTEMPTS} attempts of the page`, async () => {
    const { failure, counter } = await failingStack(
      'unexpected',
      () => new Error('the client met a state nobody foresaw'),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toBe(
      `Error: the client met a state nobody foresaw (gave up after ${UNEXPECTED_ERROR_MAX_ATTEMPTS} attempts)`,
    );
    expect(counter.calls).toBe(UNEXPECTED_ERROR_MAX_ATTEMPTS);
  });

  it('a validation error (ZodError) is not retried: one attempt, the run fails naming the field', async () => {
    const { failure, counter } = await failingStack('zod', () => {
      const parsed = z.object({ applied: z.number() }).safeParse({ applied: 'many' });
      return parsed.success ? new Error('unreachable') : parsed.error;
    });
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/^invalid data at applied: /);
    expect(counter.calls).toBe(1);
  });

  it('a programming error (TypeError) is not retried: one attempt', async () => {
    const { failure, counter } = await failingStack(
      'type-error',
      () => new TypeError("Cannot read properties of undefined (reading 'applied')"),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/^TypeError: Cannot read properties/);
    expect(counter.calls).toBe(1);
  });
});
