import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { importDiffFile } from '../../src/client/importDiffFile';
import { runOnce } from '../../src/client/runOnce';
import { feedbackWorkflowId, transferWorkflowId } from '../../src/workflows/ids';
import { TRANSFERS_PER_CHILD } from '../../src/workflows/startTransfers';
import type { TransferResult } from '../../src/workflows/transferDefinitions';
import {
  activitiesScheduled,
  childrenInitiated,
  historyEvents,
  mostPendingChildren,
  signalsReceived,
  startedAtNs,
} from '../support/childHistories';
import { eventually } from '../support/env';
import { recordHistory } from '../support/recordHistory';
import { startTestStack, type TestStack } from '../support/stack';
import { at, ticket } from '../support/tickets';
import { person, transferHandle, transferItem, transferKeyFor, transferOf } from '../support/transfers';

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
    const id = transferWorkflowId(
      stack.organizerId,
      'T-1',
      transferKeyFor(stack.organizerId, 'T-1', transfer),
    );

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

  it('an outcome of a transfer already running is signalled to it (signalWithStart from the hand-off activity): no second run', async () => {
    const stack = await startTestStack('handoff-signal');
    stacks.push(stack);
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const id = transferWorkflowId(
      stack.organizerId,
      'T-1',
      transferKeyFor(stack.organizerId, 'T-1', transfer),
    );
    stack.tixngo.changes.append(ticket('T-1', 'PENDING_TRANSFER', 10, { transfer }));
    await runOnce(stack.client, options);
    stack.tixngo.changes.append(ticket('T-1', 'TRANSFERRED', 20, { transfer, spectatorDetails: recipient }));
    await runOnce(stack.client, options);
    const result = (await stack.client.workflow.getHandle(id).result()) as TransferResult;
    expect(result).toEqual(expect.objectContaining({ status: 'TRANSFERRED', events: 2 }));

    // The run handed it on by the activity (no hand-off child), which signalled the running workflow.
    const runEvents = await historyEvents(stack.client, feedbackWorkflowId(stack.organizerId));
    expect(activitiesScheduled(runEvents)).toContain('handOffTransferSteps');
    expect(childrenInitiated(runEvents)).toEqual([]);
    const types = (await historyEvents(stack.client, id)).map((event) => event.eventType);
    const EventType = temporal.api.enums.v1.EventType;
    expect(types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)).toHaveLength(1);
    expect(signalsReceived(await historyEvents(stack.client, id))).toEqual(['transferSteps']);
    await recordHistory(
      'feedback-run-once-signals-running-transfer-by-activity',
      feedbackWorkflowId(stack.organizerId),
    );
    await recordHistory('transfer-steps-signalled-by-activity', id);
  });

  it('PENDING and its outcome pages apart in one run (pages read ahead of hand-offs): settled once, key at the end', async () => {
    const stack = await startTestStack('handoff-same-run', { batchSize: 2 });
    stacks.push(stack);
    // Pages of two: the outcome comes two pages after its PENDING, with tickets in between.
    stack.tixngo.changes.append(
      ticket('T-7', 'PENDING_TRANSFER', 10, { transfer }),
      ticket('T-20', 'DOWNLOADED', 11),
      ticket('T-21', 'DOWNLOADED', 12),
      ticket('T-22', 'DOWNLOADED', 13),
      ticket('T-7', 'TRANSFERRED', 20, { transfer, spectatorDetails: recipient }),
    );
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([run.items, run.transfers, run.stoppedBy]).toEqual([5, 2, 'drained']);

    const handle = stack.client.workflow.getHandle(
      transferWorkflowId(stack.organizerId, 'T-7', transferKeyFor(stack.organizerId, 'T-7', transfer)),
    );
    const result = (await handle.result()) as TransferResult;
    expect(result).toEqual(
      expect.objectContaining({ status: 'TRANSFERRED', distribution: 'CONFIRMED', settledBy: 'event' }),
    );
    const lines = await stack.s360Api.listDistributionLines('T-7');
    expect(lines.map((line) => line.status)).toEqual(['CONFIRMED']);
    await recordHistory('feedback-run-once-pipelined-pages', feedbackWorkflowId(stack.organizerId));
    // The transfers were started by the run's hand-off activity: no child workflow of the run.
    const runEvents = await historyEvents(stack.client, feedbackWorkflowId(stack.organizerId));
    expect(activitiesScheduled(runEvents)).toContain('handOffTransferSteps');
    expect(childrenInitiated(runEvents)).toEqual([]);
    expect((await handle.describe()).parentExecution).toBeUndefined();
    // The run kept the key after the last page: the next run finds nothing new.
    const next = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([next.items, next.transfers]).toEqual([0, 0]);
  });

  it('PENDING and its outcome in one page: the transfer workflow starts with both, one workflow task, no signal', async () => {
    const stack = await startTestStack('handoff-same-page');
    stacks.push(stack);
    stack.tixngo.changes.append(
      ticket('T-8', 'PENDING_TRANSFER', 10, { transfer }),
      ticket('T-30', 'DOWNLOADED', 11),
      ticket('T-8', 'FAILURE_TRANSFER', 20, { transfer }),
    );
    await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    const handle = stack.client.workflow.getHandle(
      transferWorkflowId(stack.organizerId, 'T-8', transferKeyFor(stack.organizerId, 'T-8', transfer)),
    );
    const result = (await handle.result()) as TransferResult;
    expect(result).toEqual(
      expect.objectContaining({ status: 'FAILURE_TRANSFER', distribution: 'CANCELLED', events: 2 }),
    );
    const events = (await handle.fetchHistory()).events ?? [];
    const count = (type: keyof typeof temporal.api.enums.v1.EventType) =>
      events.filter((event) => event.eventType === temporal.api.enums.v1.EventType[type]).length;
    expect(count('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED')).toBe(0);
    expect(count('EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toBe(1);
    expect(count('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(0);
    expect(await stack.s360Api.listDistributionLines('T-8')).toEqual([
      expect.objectContaining({ status: 'CANCELLED' }),
    ]);
    await recordHistory('transfer-pending-and-outcome-in-one-page', handle.workflowId);
  });

  it('an outcome with no PENDING seen before it starts a transfer workflow that settles at once', async () => {
    const stack = await startTestStack('handoff-late');
    stacks.push(stack);
    stack.tixngo.changes.append(ticket('T-9', 'FAILURE', 30, { transfer }));
    await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    const id = transferWorkflowId(
      stack.organizerId,
      'T-9',
      transferKeyFor(stack.organizerId, 'T-9', transfer),
    );
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
    const id = transferWorkflowId(
      stack.organizerId,
      'T-5',
      transferKeyFor(stack.organizerId, 'T-5', transfer),
    );
    await expect(stack.client.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });
});

describe('one ticket’s transfers start in TIXNGO’s order', () => {
  it('two transfers of one ticket in one page, the newer listed first: the older’s workflow starts first, the newer’s only once it has', async () => {
    const stack = await startTestStack('handoff-order');
    stacks.push(stack);
    const [ana, ben, cleo] = [person('Ana'), person('Ben'), person('Cleo')];
    const older = transferOf(ana, ben, 5);
    const newer = transferOf(ben, cleo, 25);
    stack.tixngo.changes.append(
      transferItem('T-1', 'PENDING_TRANSFER', 30, newer),
      transferItem('T-1', 'TRANSFERRED', 20, older, ben),
    );
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    expect([run.items, run.transfers]).toEqual([2, 2]);

    // Started by the run's hand-off activity (no parent), the older first, the newer once it had.
    const olderId = transferHandle(stack, 'T-1', older).workflowId;
    const newerId = transferHandle(stack, 'T-1', newer).workflowId;
    expect((await transferHandle(stack, 'T-1', older).describe()).parentExecution).toBeUndefined();
    expect(await startedAtNs(stack.client, olderId)).toBeLessThan(await startedAtNs(stack.client, newerId));
    const runEvents = await historyEvents(stack.client, feedbackWorkflowId(stack.organizerId));
    expect(activitiesScheduled(runEvents).filter((type) => type === 'handOffTransferSteps')).toHaveLength(1);
    await recordHistory(
      'feedback-run-once-transfers-of-one-ticket-by-activity',
      feedbackWorkflowId(stack.organizerId),
    );
  });
});

describe('an import starts its transfers through the same hand-off as a feedback run', () => {
  it('150 transfers in one file: started by hand-off activity calls of at most 100 transfers, no child workflow', async () => {
    const stack = await startTestStack('handoff-import');
    stacks.push(stack);
    const transfers = Array.from({ length: 150 }, (_, i) => ({
      ticketId: `T-${i}`,
      transfer: { senderEmail: `s${i}@example.org`, recipientEmail: `r${i}@example.org`, initiatedAt: at(5) },
    }));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-')), 'transfers.json');
    writeFileSync(
      file,
      JSON.stringify({
        pagination: { nextPageKey: null },
        result: transfers.map(({ ticketId, transfer }) =>
          ticket(ticketId, 'PENDING_TRANSFER', 10, { transfer }),
        ),
      }),
    );
    const summary = await importDiffFile(stack.client, {
      organizerId: stack.organizerId,
      file,
      taskQueue: stack.taskQueue,
    });
    expect([summary.parts, summary.transfers]).toEqual([1, 150]);

    const importRun = await stack.client.workflow
      .list({ query: `WorkflowType = 'importDiffWorkflow' AND TaskQueue = '${stack.taskQueue}'` })
      [Symbol.asyncIterator]()
      .next();
    const importId = (importRun.value as { workflowId: string } | undefined)?.workflowId ?? '';
    const importEvents = await historyEvents(stack.client, importId);
    // No hand-off workflow, no child: two activity calls (100 transfers, then 50) started them all.
    expect(childrenInitiated(importEvents)).toEqual([]);
    expect(mostPendingChildren(importEvents)).toBe(0);
    expect(activitiesScheduled(importEvents).filter((type) => type === 'handOffTransferSteps')).toHaveLength(
      Math.ceil(150 / TRANSFERS_PER_CHILD),
    );
    for (const { ticketId, transfer } of transfers) {
      const id = transferWorkflowId(
        stack.organizerId,
        ticketId,
        transferKeyFor(stack.organizerId, ticketId, transfer),
      );
      const described = await stack.client.workflow.getHandle(id).describe();
      expect([id, described.parentExecution]).toEqual([id, undefined]);
    }
  });

  it('two transfers of one ticket in one file, the newer listed first: the older’s workflow starts first', async () => {
    const stack = await startTestStack('handoff-import-order');
    stacks.push(stack);
    const [ana, ben, cleo] = [person('Ana'), person('Ben'), person('Cleo')];
    const older = transferOf(ana, ben, 5);
    const newer = transferOf(ben, cleo, 25);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-')), 'two-transfers.json');
    writeFileSync(
      file,
      JSON.stringify({
        pagination: { nextPageKey: null },
        result: [
          transferItem('T-1', 'PENDING_TRANSFER', 30, newer),
          transferItem('T-1', 'TRANSFERRED', 20, older, ben),
        ],
      }),
    );
    const summary = await importDiffFile(stack.client, {
      organizerId: stack.organizerId,
      file,
      taskQueue: stack.taskQueue,
    });
    expect(summary.transfers).toBe(2);

    const olderId = transferHandle(stack, 'T-1', older).workflowId;
    const newerId = transferHandle(stack, 'T-1', newer).workflowId;
    expect(await startedAtNs(stack.client, olderId)).toBeLessThan(await startedAtNs(stack.client, newerId));
    const importRun = await stack.client.workflow
      .list({ query: `WorkflowType = 'importDiffWorkflow' AND TaskQueue = '${stack.taskQueue}'` })
      [Symbol.asyncIterator]()
      .next();
    const importId = (importRun.value as { workflowId: string } | undefined)?.workflowId ?? '';
    expect(importId).toMatch(/^tixngo-feedback-import:/);
    expect(activitiesScheduled(await historyEvents(stack.client, importId))).toContain(
      'handOffTransferSteps',
    );
    await recordHistory('import-diff-with-transfers-by-activity', importId);
  });
});
