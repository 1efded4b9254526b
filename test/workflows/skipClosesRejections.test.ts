import { runOnce } from '../../src/client/runOnce';
import type { FeedbackRunResult, FeedbackWorkflowInput } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { recordHistory } from '../support/recordHistory';
import { stacksStoppedAfterAll } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

/**
 * Fault 3: every open rejection can be closed by an operator. Skipping a ticket (by ticket id or
 * tax number) closes its open rejections, also one whose ticket id no skip entry can name.
 */
describe('skipping a ticket closes its open rejections (real Temporal server)', () => {
  it('a later run with the tickets skipped has none of their rejections open', async () => {
    const stack = await stackFor('skipclose');
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 0),
      ticket('T-2', 'RESALE_LISTED', 1),
      ticket('S-3\u0000', 'DOWNLOADED', 2, { taxNumber: 'TX-S3' }),
      ticket('T-4', 'RESALE_LISTED', 3),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const first = await runOnce(stack.client, options);
    expect(first.openRejections.map((item) => item.taxNumber)).toEqual(['tax-T-2', 'TX-S3', 'tax-T-4']);

    // The operator skips T-2 by its id and the item with a bad id by its tax number.
    const input: FeedbackWorkflowInput = {
      organizerId: stack.organizerId,
      paginationKey: first.paginationKey,
      skipTickets: ['id:T-2', 'TX-S3'],
      openRejections: first.openRejections,
    };
    const handle = await stack.client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(stack.organizerId),
      taskQueue: stack.taskQueue,
      args: [input],
    });
    const second = (await handle.result()) as FeedbackRunResult;
    expect(second.openRejections.map((item) => item.ticketId)).toEqual(['T-4']);
    await recordHistory('feedback-run-once-skip-closes-rejections', feedbackWorkflowId(stack.organizerId));
  });
});
