/**
 * A worker killed mid-page (SIGKILL) while S-360 is being written: another worker resumes the page
 * from the last heartbeat, and S-360 ends with every ticket written once — none missing, none twice.
 */
import { APPLY_CHUNK_SIZE, APPLY_CONCURRENCY } from '../../src/activities/applyDiffItems';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { carryOver } from '../../src/client/scheduleOrganizer';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import type { FeedbackRunResult } from '../../src/workflows/definitions';
import { startDelayProxy, type DelayProxy } from '../support/delayProxy';
import { eventually } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';
import { at } from '../support/tickets';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../support/workerProcess';

const TICKETS = 3000;
const BULK_WRITE = (request: string): boolean => request === 'POST /api/v1/tickets/mobile-updates';

let stack: TestStack;
let proxy: DelayProxy;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  stack = await startTestStack('killed');
  proxy = await startDelayProxy(stack.s360.url);
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await proxy.close();
  await stack.stop();
});

it('a worker killed with SIGKILL mid-page: the page resumes on another worker, no write missing, none doubled', async () => {
  const { organizerId } = stack;
  const taskQueue = `${stack.taskQueue}-process`;
  const configFile = writeConfigFile({
    organizers: {
      [organizerId]: {
        tixngo: { baseUrl: stack.tixngo.url },
        s360: { baseUrl: proxy.url },
        batchSize: TICKETS,
      },
    },
  });
  const secrets = {
    [tixngoKeyVariable(organizerId)]: stack.apiKeys.tixngo,
    [s360KeyVariable(organizerId)]: stack.apiKeys.s360,
  };
  stack.tixngo.changes.append(
    ...Array.from({ length: TICKETS }, (_, i) => ({
      ticketId: `K-${i}`,
      taxNumber: String(700000 + i),
      status: 'DOWNLOADED',
      statusChangedAt: at(i % 60),
    })),
  );
  // S-360 answers each bulk write slowly, so the page is surely in the middle when the worker dies.
  proxy.setDelay(700, BULK_WRITE);

  workers.push(await startWorkerProcess({ configFile, taskQueue, secrets }));
  const handle = await stack.client.workflow.start('feedbackWorkflow', {
    workflowId: feedbackWorkflowId(organizerId),
    taskQueue,
    args: [await carryOver(stack.client, organizerId)],
  });
  await eventually(
    async () => (proxy.forwarded(BULK_WRITE) >= 2 ? true : undefined),
    'two chunks written to S-360',
    {
      intervalMs: 20,
    },
  );
  await workers[0]?.kill();
  const writtenBeforeKill = proxy.forwarded(BULK_WRITE);
  expect(writtenBeforeKill).toBeLessThan(TICKETS / APPLY_CHUNK_SIZE);

  proxy.setDelay(0);
  workers.push(await startWorkerProcess({ configFile, taskQueue, secrets }));
  const result = (await handle.result()) as FeedbackRunResult;

  // The resumed attempt started from the last heartbeat: what S-360 already held from the chunk
  // in flight at the kill is counted unchanged, never written twice.
  expect(result.items).toBe(TICKETS);
  expect(result.applied + result.unchanged).toBe(TICKETS);
  expect(result.unchanged).toBeLessThanOrEqual(APPLY_CONCURRENCY * APPLY_CHUNK_SIZE);
  expect(result.rejected).toBe(0);

  // Every ticket is in S-360 with its status, and S-360 recorded each change exactly once.
  const histories: number[] = [];
  for (let i = 0; i < TICKETS; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: 100 }, (_, j) => stack.s360Api.getTicket(`K-${i + j}`)),
    );
    for (const ticket of batch) {
      expect(ticket?.mobileStatus).toBe('DOWNLOADED');
      histories.push(ticket?.statusHistory.length ?? 0);
    }
  }
  expect(histories).toHaveLength(TICKETS);
  expect(new Set(histories)).toEqual(new Set([1]));
  // The retry re-sent at most the chunks of the page, never more.
  expect(proxy.forwarded(BULK_WRITE)).toBeLessThanOrEqual(writtenBeforeKill + TICKETS / APPLY_CHUNK_SIZE);
  // Two worker processes and a heartbeat timeout: minutes on a busy two-core box.
}, 600_000);
