/**
 * The real parts a test needs, each its own: a TIXNGO simulator and an S-360 simulator (HTTP, on
 * PostgreSQL in a schema of its own), a Temporal client and a worker on a task queue of its own.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { httpConnector, type OrganizerConnector } from '../../src/activities';
import { dataConverterFromEnv } from '../../src/codec/dataConverter';
import { staticConfigStore } from '../../src/config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import type { S360Gateway } from '../../src/s360/gateway';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import { createFeedbackWorker } from '../../src/worker';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import type { OrganizerSettingsInput } from '../../src/domain/settings';
import type { FeedbackMetrics } from '../../src/observability/metrics';
import { testEnv, uniqueSuffix } from './env';

export interface TestStack {
  organizerId: string;
  taskQueue: string;
  tixngo: TixngoSimulator;
  s360: S360Simulator;
  /** The S-360 API as the service sees it, to assert end states. */
  s360Api: S360Gateway;
  client: Client;
  /** The organizer's API keys (the worker reads them as secrets; they must never reach Temporal). */
  apiKeys: { tixngo: string; s360: string };
  worker: Worker;
  /** Runs the worker until stop(). */
  workerRun: Promise<void>;
  stop(): Promise<void>;
}

/** Organizer settings a test may set (the endpoints are the simulators'). */
export type TestSettings = Omit<OrganizerSettingsInput, 'tixngo' | 's360'>;

export async function startTestStack(
  name: string,
  settings: TestSettings = {},
  extras: {
    metrics?: FeedbackMetrics;
    /** Wraps the S-360 gateway the worker's activities use (to make it fail in ways no simulator does). */
    wrapS360?: (gateway: S360Gateway) => S360Gateway;
    /** tixngo.timeoutMs of the organizer. */
    tixngoTimeoutMs?: number;
    /** tixngo.maxPageBytes of the organizer. */
    tixngoMaxPageBytes?: number;
    /** Top-level fields of the configuration besides `organizers` (none is read: each is a warning). */
    configFields?: Record<string, unknown>;
  } = {},
): Promise<TestStack> {
  const suffix = uniqueSuffix();
  const organizerId = `${name}-${suffix}`;
  const taskQueue = `test-${organizerId}`;
  const tixngoKey = `tixngo-key-${suffix}`;
  const s360Key = `s360-key-${suffix}`;

  const tixngo = await startTixngoSimulator({ apiKey: tixngoKey });
  const s360 = await startS360Simulator({
    databaseUrl: testEnv('DATABASE_URL'),
    schema: `s360_${name.replace(/[^a-z0-9]/g, '_')}_${suffix}`,
    apiKeys: [s360Key],
  });
  const secrets: Record<string, string> = {
    [tixngoKeyVariable(organizerId)]: tixngoKey,
    [s360KeyVariable(organizerId)]: s360Key,
  };
  const config = staticConfigStore({
    ...extras.configFields,
    organizers: {
      [organizerId]: {
        ...settings,
        tixngo: {
          baseUrl: tixngo.url,
          timeoutMs: extras.tixngoTimeoutMs,
          maxPageBytes: extras.tixngoMaxPageBytes,
        },
        s360: { baseUrl: s360.url },
      },
    },
  });

  const address = testEnv('TEMPORAL_ADDRESS');
  // Payloads encrypted with the key the global setup generated for this test run.
  const { dataConverter } = dataConverterFromEnv();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, dataConverter });
  const nativeConnection = await NativeConnection.connect({ address });
  const wrapped =
    (connect: OrganizerConnector): OrganizerConnector =>
    (id, organizerSettings) => {
      const connection = connect(id, organizerSettings);
      return extras.wrapS360 ? { ...connection, s360: extras.wrapS360(connection.s360) } : connection;
    };
  const worker = await createFeedbackWorker({
    connection: nativeConnection,
    taskQueue,
    deps: {
      config,
      connect: wrapped(httpConnector((variable) => secrets[variable])),
      metrics: extras.metrics,
      transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
    },
    workflowBundlePath: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
    dataConverter,
  });
  const workerRun = worker.run();

  return {
    organizerId,
    taskQueue,
    tixngo,
    s360,
    s360Api: createHttpS360Gateway({ organizerId, baseUrl: s360.url, apiKey: s360Key, timeoutMs: 10_000 }),
    client,
    apiKeys: { tixngo: tixngoKey, s360: s360Key },
    worker,
    workerRun,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await nativeConnection.close();
      await connection.close();
      await tixngo.close();
      await s360.close({ dropSchema: true });
    },
  };
}

/**
 * For a test file: `const stackFor = stacksStoppedAfterAll();` gives a stack per call (its own
 * organizer, task queue and S-360 schema), every one stopped after the file's tests.
 */
export function stacksStoppedAfterAll(): (
  name: string,
  settings?: TestSettings,
  extras?: Parameters<typeof startTestStack>[2],
) => Promise<TestStack> {
  const stacks: TestStack[] = [];
  afterAll(async () => {
    await Promise.all(stacks.map((stack) => stack.stop()));
  });
  return async (name, settings = {}, extras = {}) => {
    const stack = await startTestStack(name, settings, extras);
    stacks.push(stack);
    return stack;
  };
}

/** A ticket's mobile status as S-360's API answers it (undefined: S-360 does not know the ticket). */
export async function statusOf(stack: TestStack, ticketId: string): Promise<string | null | undefined> {
  return (await stack.s360Api.getTicket(ticketId))?.mobileStatus;
}
