import { feedbackWorkflowId } from '../../src/workflows/ids';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { OrganizerAlreadyScheduledError, scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { eventually } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();

describe('walking skeleton: TIXNGO → Temporal cron workflow → S-360, through real parts', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('skeleton', { batchSize: 2 });
  });

  afterAll(async () => {
    await stack.client.workflow
      .getHandle(feedbackWorkflowId(stack.organizerId))
      .terminate('test finished')
      .catch(() => undefined);
    await stack.stop();
  });

  it('writes every diff ticket’s mobile status into S-360, and refuses a second schedule', async () => {
    stack.tixngo.changes.append(
      { ticketId: 'T-1', taxNumber: '1001', status: 'INJECTED', statusChangedAt: at(0) },
      { ticketId: 'T-2', taxNumber: '1002', status: 'DOWNLOADED', statusChangedAt: at(1) },
      // A transfer status comes with its transfer (with distribution on, one without is rejected).
      {
        ticketId: 'T-3',
        taxNumber: '1003',
        status: 'PENDING',
        statusChangedAt: at(2),
        transfer: { senderEmail: 'ana@example.test', recipientEmail: 'ben@example.test' },
      },
      { ticketId: 'T-1', taxNumber: '1001', status: 'ASSIGNED', statusChangedAt: at(3) },
      { ticketId: 'T-4', taxNumber: '1004', status: 'ONLINE_ACTIVATED', statusChangedAt: at(4) },
    );

    await scheduleOrganizer(stack.client, {
      organizerId: stack.organizerId,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 1s',
    });

    const expected = {
      'T-1': 'ASSIGNED',
      'T-2': 'DOWNLOADED',
      'T-3': 'PENDING_TRANSFER',
      'T-4': 'ONLINE_ACTIVATED',
    };
    const statuses = await eventually(async () => {
      const seen: Record<string, string | null | undefined> = {};
      for (const ticketId of Object.keys(expected)) {
        seen[ticketId] = (await stack.s360Api.getTicket(ticketId))?.mobileStatus;
      }
      return JSON.stringify(seen) === JSON.stringify(expected) ? seen : undefined;
    }, 'the four tickets to reach their last TIXNGO status in S-360');
    expect(statuses).toEqual(expected);

    // Changes that arrive later are picked up by a later cron run, from the carried-over key. The run
    // that applied the first five may still be open, handing T-3's transfer on, and it reads new
    // changes meanwhile (DRAINED_POLL_INTERVAL): append only once it has closed.
    await eventually(async () => {
      const done = await completedFeedbackRuns(stack.client, stack.organizerId);
      return done.reduce((sum, run) => sum + run.result.items, 0) >= 5 ? true : undefined;
    }, 'the run(s) that read the first five changes to close');
    const appendedAt = new Date();
    stack.tixngo.changes.append({ ticketId: 'T-2', status: 'CONTROLLED', statusChangedAt: at(10) });
    await eventually(
      async () => ((await stack.s360Api.getTicket('T-2'))?.mobileStatus === 'CONTROLLED' ? true : undefined),
      'T-2 to become CONTROLLED in S-360',
    );

    // The key reached the later run through the previous run's result: it read only the new change.
    // (The run that applied it may not be listed yet: wait for it.)
    const runs = await eventually(async () => {
      // Runs closed since the change arrived: an `@every 1s` cron on a busy box piles up idle runs after
      // the one that applied it, which a "newest N" window can lose.
      const done = (
        await completedFeedbackRuns(stack.client, stack.organizerId, { closedAfter: appendedAt })
      ).map((run) => run.result);
      return done.some((run) => run.items === 1 && run.applied === 1) ? done : undefined;
    }, 'a finished run that read only the new change');
    // No run since re-read the first five (a run that failed hands the next the last completed key).
    expect(Math.max(...runs.map((run) => run.items))).toBe(1);

    const second = scheduleOrganizer(stack.client, {
      organizerId: stack.organizerId,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 1s',
    });
    await expect(second).rejects.toBeInstanceOf(OrganizerAlreadyScheduledError);
    await expect(second).rejects.toThrow(
      `Organizer "${stack.organizerId}" already has a running feedback schedule or run (workflow "tixngo-feedback:${stack.organizerId}")`,
    );
  });
});
