import { WorkflowNotFoundError } from '@temporalio/client';
import { runOnce } from '../../src/client/runOnce';
import { transferKeyOf } from '../../src/domain/transferEvent';
import { feedbackWorkflowId, transferWorkflowId } from '../../src/workflows/ids';
import type { TransferResult } from '../../src/workflows/transferDefinitions';
import { eventually } from '../support/env';
import { recordHistory } from '../support/recordHistory';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

const transfer = {
  senderEmail: 'ana@example.org',
  recipientEmail: 'ben@example.org',
  initiatedAt: '2026-11-23T09:10:00Z',
};
const recipient = { firstName: 'Ben', lastName: 'Keller', email: 'ben@example.org' };

describe('transfer steps are handed to one transfer workflow per transfer', () => {
  it('starts the transfer workflow on PENDING_TRANSFER and signals it the outcome seen by a later run', async () => {
    const stack = await startTestStack('handoff');
    stacks.push(stack);
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const id = transferWorkflowId(stack.organizerId, 'T-1', transferKeyOf(transfer));

    stack.tixngo.changes.append(ticket('T-1', 'PENDING_TRANSFER', 10, { transfer }));
    const first = await runOnce(stack.client, options);
    expect(first.transfers).toBe(1);
    const description = await stack.client.workflow.getHandle(id).describe();
    expect(description.status.name).toBe('RUNNING');

    stack.tixngo.changes.append(ticket('T-1', 'TRANSFERRED', 20, { transfer, spectatorDetails: recipient }));
    await runOnce(stack.client, options);
    const result = (await stack.client.workflow.getHandle(id).result()) as TransferResult;
    expect(result).toEqual(expect.objectContaining({ ticketId: 'T-1', status: 'TRANSFERRED', events: 2 }));

    // The Temporal UI finds the transfer by ticket and status.
    const query = `OrganizerId = '${stack.organizerId}' AND TicketId = 'T-1' AND TransferStatus = 'TRANSFERRED'`;
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const execution of stack.client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids.length > 0 ? ids : undefined;
    }, 'visibility to list the settled transfer');
    expect(found).toEqual([id]);
    await recordHistory('feedback-run-once-transfer-outcome', feedbackWorkflowId(stack.organizerId));
  });

  it('an outcome with no PENDING seen before it starts a transfer workflow that settles at once', async () => {
    const stack = await startTestStack('handoff-late');
    stacks.push(stack);
    stack.tixngo.changes.append(ticket('T-9', 'FAILURE', 30, { transfer }));
    await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    const id = transferWorkflowId(stack.organizerId, 'T-9', transferKeyOf(transfer));
    const result = (await stack.client.workflow.getHandle(id).result()) as TransferResult;
    expect([result.status, result.events]).toEqual(['FAILURE', 1]);
  });

  it('with enableTicketDistributionToCulturalContact=false no transfer workflow starts', async () => {
    const stack = await startTestStack('handoff-off', {
      customParameters: 'enableTicketDistributionToCulturalContact=false',
    });
    stacks.push(stack);
    stack.tixngo.changes.append(ticket('T-5', 'PENDING_TRANSFER', 10, { transfer }));
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([run.applied, run.transfers]).toEqual([1, 0]);
    const id = transferWorkflowId(stack.organizerId, 'T-5', transferKeyOf(transfer));
    await expect(stack.client.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });
});
