/**
 * Issue 13, item 10: a transfer step S-360 refuses (4xx) ends the transfer workflow, failed with
 * S-360's reason, instead of retrying it; the feedback run goes on.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { formatStatus } from '../../src/cli/format';
import { organizerStatus } from '../../src/client/organizerStatus';
import { eventually } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';
import { feed, person, soldTicket, transferHandle, transferItem, transferOf } from '../support/transfers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('transfer-refused');
});
afterAll(async () => {
  await stack.stop();
});

describe('a transfer step S-360 refuses', () => {
  it('ends the transfer workflow failed with S-360’s status and message; the run completes', async () => {
    const [ana, ben] = [person('Ana'), person('Ben', 'Keller')];
    await soldTicket(stack, 'TRR-1', ana);
    stack.s360.refusals.refuse(['TRR-1'], {
      writes: ['distribution-lines'],
      status: 422,
      message: 'the ticket is blocked for distribution',
    });
    const transfer = transferOf(ana, ben, 10);
    const run = await feed(stack, transferItem('TRR-1', 'PENDING_TRANSFER', 10, transfer, ana));
    expect([run.stoppedBy, run.applied, run.transfers]).toEqual(['drained', 1, 1]);

    const failure = await transferHandle(stack, 'TRR-1', transfer)
      .result()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(
      /HTTP 422: the ticket is blocked for distribution/,
    );
    expect(await stack.s360Api.listDistributionLines('TRR-1')).toEqual([]);

    // `status` lists it (a visibility query on the organizer's search attribute), with its reason.
    const status = await eventually(async () => {
      const answer = await organizerStatus(stack.client, stack.organizerId);
      return answer.failedTransfers?.count ? answer : undefined;
    }, 'status to list the failed transfer');
    expect(status.failedTransfers).toEqual({
      count: 1,
      newest: [
        expect.objectContaining({
          ticketId: 'TRR-1',
          outcome: 'failed',
          reason: expect.stringMatching(/HTTP 422: the ticket is blocked for distribution/),
        }),
      ],
    });
    expect(formatStatus(status)).toMatch(/^failed transfer workflows: 1\b/m);
    expect(formatStatus(status)).toMatch(/^ {2}TRR-1 .*FAILED.*HTTP 422: the ticket is blocked/m);
  });
});
