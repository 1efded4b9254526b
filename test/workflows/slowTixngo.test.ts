import { createTransferKeyer } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/common';
import { createFeedbackActivities, httpConnector, type PageSummary } from '../../src/activities';
import { runOnce } from '../../src/client/runOnce';
import { staticConfigStore } from '../../src/config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

describe('a slow TIXNGO (issue 13 item 9; real server and simulators)', () => {
  it('a page TIXNGO answers later than the heartbeat timeout (15 s) but within tixngo.timeoutMs completes on its first attempt', async () => {
    const stack = await startTestStack('slow', {}, { tixngoTimeoutMs: 40_000 });
    stacks.push(stack);
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0));
    stack.tixngo.faults.set({ slowMs: 20_000 });
    stack.tixngo.faults.next(['slow']);
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([run.items, run.applied, run.stoppedBy]).toEqual([1, 1, 'drained']);
    // Every page activity completed on its first attempt: the slow one was not timed out and retried.
    const history = await stack.client.workflow
      .getHandle(feedbackWorkflowId(stack.organizerId))
      .fetchHistory();
    const attempts = (history.events ?? []).flatMap((event) =>
      event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes.attempt] : [],
    );
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts).toEqual(attempts.map(() => 1));
    expect((await stack.s360Api.getTicket('T-1'))?.mobileStatus).toBe('DOWNLOADED');
  });

  it('a cancelled page attempt stops its TIXNGO request', async () => {
    const stack = await startTestStack('cancel');
    stacks.push(stack);
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0));
    stack.tixngo.faults.set({ hangMs: 600_000 });
    stack.tixngo.faults.next(['timeout']);
    const secrets: Record<string, string> = {
      [tixngoKeyVariable(stack.organizerId)]: stack.apiKeys.tixngo,
      [s360KeyVariable(stack.organizerId)]: stack.apiKeys.s360,
    };
    const activities = createFeedbackActivities({
      transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
      config: staticConfigStore({
        organizers: {
          [stack.organizerId]: {
            tixngo: { baseUrl: stack.tixngo.url, timeoutMs: 600_000 },
            s360: { baseUrl: stack.s360.url },
          },
        },
      }),
      connect: httpConnector((name) => secrets[name]),
    });
    const env = new MockActivityEnvironment();
    const attempt: Promise<PageSummary> = env.run(activities.processDiffPage, {
      organizerId: stack.organizerId,
      skipTickets: [],
      strict: false,
      distributionEnabled: true,
      openRejectionTicketIds: [],
    });
    const outcome = attempt.then(
      () => 'completed',
      (error: unknown) => error,
    );
    await eventually(
      async () => (stack.tixngo.stats().requests === 1 ? true : undefined),
      'the page request reached TIXNGO',
    );
    env.cancel();
    expect(await outcome).toBeInstanceOf(CancelledFailure);
    await eventually(
      async () => (stack.tixngo.stats().abandoned === 1 ? true : undefined),
      'TIXNGO saw the request abandoned',
      { timeoutMs: 10_000 },
    );
  });
});
