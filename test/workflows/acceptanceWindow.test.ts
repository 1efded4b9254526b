/**
 * The acceptance window on the time-skipping test server: an hour (plus the grace period) passes
 * in seconds, then the transfer workflow asks TIXNGO for the ticket's current state and settles.
 */
import { noMetrics } from '../../src/observability/metrics';
import { metricsWorkerOptions } from '../../src/observability/metricsSinks';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createFeedbackActivities, createTransferActivities, httpConnector } from '../../src/activities';
import { staticConfigStore } from '../../src/config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { timeSkippingExecutable } from '../../src/devstack/temporalBinaries';
import { transferEventOf } from '../../src/domain/transferEvent';
import { DiffItem } from '../../src/domain/diffItem';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import type { S360Gateway } from '../../src/s360/gateway';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import { transferWorkflowId } from '../../src/workflows/ids';
import type { TransferResult } from '../../src/workflows/transferDefinitions';
import { WAITING_HISTORY_LIMIT } from '../../src/workflows/transfer';
import { testEnv, uniqueSuffix } from '../support/env';
import { at } from '../support/tickets';
import { person, spectator, transferItem, transferKeyFor, transferOf } from '../support/transfers';

const HOUR = 3_600_000;
const suffix = uniqueSuffix();
const organizerId = `window-${suffix}`;
const taskQueue = `window-${suffix}`;
let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let tixngo: TixngoSimulator;
let s360: S360Simulator;
let s360Api: S360Gateway;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: await timeSkippingExecutable() },
  });
  tixngo = await startTixngoSimulator({ apiKey: 'tixngo-key' });
  s360 = await startS360Simulator({
    databaseUrl: testEnv('DATABASE_URL'),
    schema: `s360_window_${suffix}`,
    apiKeys: ['s360-key'],
  });
  s360Api = createHttpS360Gateway({ organizerId, baseUrl: s360.url, apiKey: 's360-key', timeoutMs: 10_000 });
  const secrets: Record<string, string> = {
    [tixngoKeyVariable(organizerId)]: 'tixngo-key',
    [s360KeyVariable(organizerId)]: 's360-key',
  };
  const deps = {
    config: staticConfigStore({
      organizers: { [organizerId]: { tixngo: { baseUrl: tixngo.url }, s360: { baseUrl: s360.url } } },
    }),
    connect: httpConnector((name: string) => secrets[name]),
    transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
  };
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: testEnv('FEEDBACK_WORKFLOW_BUNDLE') },
    activities: { ...createFeedbackActivities(deps), ...createTransferActivities(deps) },
    // The bundle reports run outcomes to the metrics sink (src/observability/workflowInterceptors.ts).
    ...metricsWorkerOptions(noMetrics),
  });
  workerRun = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
  await tixngo?.close();
  await s360?.close({ dropSchema: true });
});

/** The transfer event of a diff item, as the feedback workflow hands it off. */
function eventOf(diffItem: ReturnType<typeof transferItem>) {
  const item = DiffItem.parse(diffItem);
  const event =
    item.transfer &&
    transferEventOf(organizerId, item, transferKeyFor(organizerId, item.ticketId, item.transfer));
  if (!event) throw new Error('not a transfer item');
  return event;
}

/** Starts the transfer workflow on the PENDING step (and later steps), as the feedback workflow would. */
async function startTransfer(
  pendingItem: ReturnType<typeof transferItem>,
  acceptanceWindowMs = HOUR,
  laterItems: ReturnType<typeof transferItem>[] = [],
) {
  const event = eventOf(pendingItem);
  return env.client.workflow.start('transferWorkflow', {
    workflowId: transferWorkflowId(organizerId, event.ticketId, event.transferKey),
    taskQueue,
    args: [{ event, acceptanceWindowMs, laterSteps: laterItems.map(eventOf) }],
  });
}

/** Starts the transfer workflow and waits for its end. */
async function runTransfer(
  pendingItem: ReturnType<typeof transferItem>,
  acceptanceWindowMs = HOUR,
  laterItems: ReturnType<typeof transferItem>[] = [],
): Promise<TransferResult> {
  return (await (
    await startTransfer(pendingItem, acceptanceWindowMs, laterItems)
  ).result()) as TransferResult;
}

async function seedTicket(ticketId: string, owner: ReturnType<typeof person>) {
  await s360Api.applyMobileUpdates([{ ticketId, mobileStatus: 'DOWNLOADED', statusChangedAt: at(0) }]);
  const contact = await s360Api.createContact(
    { email: owner.email, firstName: owner.firstName, lastName: owner.lastName, hasInternetAccount: true },
    { idempotencyKey: `seed-${owner.email}` },
  );
  await s360Api.setCulturalContact(ticketId, contact.contactId, at(0));
  return contact;
}

describe('the acceptance window (time-skipping server: an hour passes in seconds)', () => {
  it('with no outcome in time, asks TIXNGO: the organizer’s time-out (FAILURE) cancels the line', async () => {
    const ana = person('Ana');
    const ravi = person('Ravi');
    const anaContact = await seedTicket('AW-EXPIRED', ana);
    const transfer = transferOf(ana, ravi, 10);
    // TIXNGO's own state, which the diff never delivered: the transfer timed out.
    tixngo.changes.append(transferItem('AW-EXPIRED', 'FAILURE', 71, transfer, ana));

    const result = await runTransfer(transferItem('AW-EXPIRED', 'PENDING_TRANSFER', 10, transfer, ana));
    expect(result).toMatchObject({ distribution: 'CANCELLED', settledBy: 'reconciliation' });
    expect((await s360Api.listDistributionLines('AW-EXPIRED')).map((line) => line.status)).toEqual([
      'CANCELLED',
    ]);
    expect((await s360Api.getTicket('AW-EXPIRED'))?.culturalContactId).toBe(anaContact.contactId);
  });

  it('with no outcome in time, asks TIXNGO: an accepted transfer is confirmed and its temporary contact completed', async () => {
    const ana = person('Ana');
    const sara = person('Sara', 'Novak');
    await seedTicket('AW-ACCEPTED', ana);
    const transfer = transferOf(ana, sara, 10);
    tixngo.changes.append({
      ...transferItem('AW-ACCEPTED', 'TRANSFERRED', 30, transfer),
      spectatorDetails: spectator(sara),
    });

    const result = await runTransfer(transferItem('AW-ACCEPTED', 'PENDING_TRANSFER', 10, transfer, ana));
    expect(result).toMatchObject({
      distribution: 'CONFIRMED',
      settledBy: 'reconciliation',
      contact: 'completed',
    });
    const [contact] = await s360Api.findContactsByEmail(sara.email);
    expect(contact).toMatchObject({ temporary: false, lastName: 'Novak', idNumber: 'ID-SARA-77' });
    expect((await s360Api.getTicket('AW-ACCEPTED'))?.culturalContactId).toBe(contact?.contactId);
  });

  it('while TIXNGO still shows the transfer pending, the line stays PENDING past three windows and settles when TRANSFERRED comes', async () => {
    const ana = person('Ana');
    const tom = person('Tom', 'Berg');
    await seedTicket('AW-STUCK', ana);
    const transfer = transferOf(ana, tom, 10);
    tixngo.changes.append(transferItem('AW-STUCK', 'PENDING_TRANSFER', 10, transfer, ana));
    const window = 15 * 60_000;
    const handle = await startTransfer(
      transferItem('AW-STUCK', 'PENDING_TRANSFER', 10, transfer, ana),
      window,
    );

    // Three windows and more (with the growing interval: asked at about 1, 2 and 4 windows).
    await env.sleep(8 * window);
    expect((await s360Api.listDistributionLines('AW-STUCK')).map((line) => line.status)).toEqual(['PENDING']);
    tixngo.changes.append(transferItem('AW-STUCK', 'TRANSFERRED', 200, transfer, tom));
    const result = (await handle.result()) as TransferResult;
    expect(result).toMatchObject({ distribution: 'CONFIRMED', settledBy: 'reconciliation' });
    expect((await s360Api.listDistributionLines('AW-STUCK')).map((line) => line.status)).toEqual([
      'CONFIRMED',
    ]);
    const [contact] = await s360Api.findContactsByEmail(tom.email);
    expect(contact).toMatchObject({ temporary: false, lastName: 'Berg' });
  });

  it('a transfer waiting for months continues as new, carrying its line and question count, and still settles', async () => {
    const ana = person('Ana');
    const wes = person('Wes', 'Park');
    await seedTicket('AW-LONG', ana);
    const transfer = transferOf(ana, wes, 10);
    tixngo.changes.append(transferItem('AW-LONG', 'PENDING_TRANSFER', 10, transfer, ana));
    const handle = await startTransfer(transferItem('AW-LONG', 'PENDING_TRANSFER', 10, transfer, ana));
    const firstRunId = (await handle.describe()).runId;

    await env.sleep(400 * 24 * HOUR);
    const described = await handle.describe();
    expect(described.runId).not.toBe(firstRunId);
    expect(described.historyLength).toBeLessThan(WAITING_HISTORY_LIMIT);
    expect((await s360Api.listDistributionLines('AW-LONG')).map((line) => line.status)).toEqual(['PENDING']);

    tixngo.changes.append(transferItem('AW-LONG', 'TRANSFERRED', 200, transfer, wes));
    const result = (await handle.result()) as TransferResult;
    expect(result).toMatchObject({
      distribution: 'CONFIRMED',
      settledBy: 'reconciliation',
      contact: 'completed',
    });
    expect(result.reconciliations).toBeGreaterThan(300);
    expect(await s360Api.listDistributionLines('AW-LONG')).toHaveLength(1);
  });

  it('a settled transfer read again ends at once: no timer, the line as S-360 has it', async () => {
    const ana = person('Ana');
    const uma = person('Uma');
    await seedTicket('AW-AGAIN', ana);
    const transfer = transferOf(ana, uma, 10);
    const pending = transferItem('AW-AGAIN', 'PENDING_TRANSFER', 10, transfer, ana);
    await runTransfer(pending, HOUR, [transferItem('AW-AGAIN', 'TRANSFERRED', 20, transfer, uma)]);

    // The same PENDING step read again (pages re-read after a failed run, an import).
    const handle = await startTransfer(pending, HOUR);
    const result = (await handle.result()) as TransferResult;
    expect(result).toMatchObject({ distribution: 'CONFIRMED' });
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((event) => event.timerStartedEventAttributes)).toEqual([]);
    expect((await s360Api.listDistributionLines('AW-AGAIN')).map((line) => line.status)).toEqual([
      'CONFIRMED',
    ]);
  });
});
