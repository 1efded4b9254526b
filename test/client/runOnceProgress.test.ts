/**
 * `run-once` does not stay silent while its run retries: a page retried again and again is reported
 * as a stuck line (attempt, decoded last failure) while the command waits; the run then completes
 * (real Temporal server, simulators over HTTP).
 */
import { runOnce } from '../../src/client/runOnce';
import { STUCK_ATTEMPTS } from '../../src/client/runFollower';
import type { S360Gateway } from '../../src/s360/gateway';
import { TransportError } from '../../src/http/transportError';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

let stack: TestStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

it('a page retried past its STUCK_ATTEMPTS-th attempt: a stuck line while run-once waits, then the result', async () => {
  let calls = 0;
  stack = await startTestStack(
    'run-once-stuck',
    {},
    {
      wrapS360: (gateway: S360Gateway): S360Gateway => ({
        ...gateway,
        async applyMobileUpdates(...args) {
          calls += 1;
          if (calls < STUCK_ATTEMPTS + 2) throw new TransportError('S-360 answered 503', true, 503);
          return gateway.applyMobileUpdates(...args);
        },
      }),
    },
  );
  stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0));
  const lines: string[] = [];
  const result = await runOnce(stack.client, {
    organizerId: stack.organizerId,
    taskQueue: stack.taskQueue,
    onProgress: (line) => lines.push(line),
    progressIntervalMs: 300,
  });
  expect(result.applied).toBe(1);
  expect(lines).toEqual([
    expect.stringMatching(
      new RegExp(
        `${stack.organizerId}: run \\w+ STUCK: activity processDiffPage on attempt \\d+, last failure: .*503`,
      ),
    ),
  ]);
});
