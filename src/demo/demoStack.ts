/**
 * What `npm start` runs, as one function (the command and its end-to-end test start exactly the same
 * stack): a Temporal dev server with its Web UI, a codec server, both simulators with a live stream of
 * ticket activity, a worker (with its /metrics) and the cron schedule of a demo organizer.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { httpConnector } from '../activities';
import { createTransferKeyer } from '../activities/transferKeys';
import { followRuns } from '../client/runFollower';
import { formatRunEvent } from '../client/runSummaries';
import { scheduleOrganizer } from '../client/scheduleOrganizer';
import { startCodecServer } from '../codec/codecServer';
import { dataConverterFor, payloadCodecFor } from '../codec/dataConverter';
import type { CodecSetting } from '../codec/keys';
import { staticConfigStore } from '../config/configStore';
import type { WorkerTuning } from '../config/workerTuning';
import { s360KeyVariable, tixngoKeyVariable } from '../config/secrets';
import {
  generateTransferKeySecret,
  TRANSFER_KEY_SECRET_VARIABLE,
  transferKeySecretFromEnv,
} from '../config/transferKeySecret';
import { startDevServer } from '../devstack/devServer';
import { freePort } from '../devstack/freePort';
import { preferredPort } from '../devstack/portAvailable';
import { projectRoot } from '../devstack/projectRoot';
import { createFeedbackMetrics } from '../observability/metrics';
import { startMetricsServer } from '../observability/metricsServer';
import { startS360Simulator } from '../sim/s360/server';
import type { FaultController } from '../sim/tixngo/faults';
import { startTixngoSimulator } from '../sim/tixngo/server';
import { createFeedbackWorker } from '../worker';
import { feedbackWorkflowId } from '../workflows/ids';
import { ScenarioStream } from './scenarioStream';

export const DEMO_ORGANIZER = 'demo-organizer';

export interface DemoStackOptions {
  /** Path of the `temporal` CLI (resolveTemporalCli). */
  temporalCli: string;
  codec: CodecSetting;
  /**
   * The codec server's token (src/codec/serverToken.ts; the demo command: TIXNGO_FEEDBACK_CODEC_SERVER_TOKEN);
   * the Web UI's endpoint then carries it as its path. Default none: everything is on 127.0.0.1 and
   * the dev server's UI hands its codec endpoint to whoever opens it, so a token of the demo's own
   * would keep nobody out.
   */
  codecServerToken?: string;
  /** The demo organizer's schedule (default "@every 15s"). */
  cron?: string;
  /** Milliseconds between two batches of ticket activity (default 3000). */
  activityEveryMs?: number;
  /** Batches of activity TIXNGO already holds before the first run, dated in the past (default 0). */
  backlogBatches?: number;
  /** PostgreSQL of the S-360 simulator; undefined: an embedded database (PGlite, in memory). */
  databaseUrl?: string;
  /** S-360 simulator schema (default s360_demo). */
  schema?: string;
  /** The familiar ports (7233, 8233, 8888, 4100, 4360, 9464) when free (default), else any free ports. */
  fixedPorts?: boolean;
  /** A pre-built workflow bundle (tests); otherwise the worker bundles the workflows at start. */
  workflowBundlePath?: string;
  /** The worker's concurrency and cache settings (the demo command: workerTuningFromEnv); Temporal's defaults otherwise. */
  tuning?: WorkerTuning;
  /** Where the dev server's own log goes (default .data/temporal-dev-server.log). */
  serverLogFile?: string;
  organizerId?: string;
  /**
   * Called with one line per finished run (its counts adding up), per failed or terminated run (with
   * its decoded reason) and per stuck condition of a run (src/client/runFollower.ts), each once.
   */
  onRun?: (line: string) => void;
  /** How often runs are looked at for onRun (default 2000 ms). */
  followEveryMs?: number;
}

export interface DemoStack {
  organizerId: string;
  cron: string;
  urls: {
    temporalAddress: string;
    temporalUi?: string;
    /** The codec server, without its token (with one, the Web UI's endpoint is this URL + "/<token>"). */
    codecServer?: string;
    tixngo: string;
    s360: string;
    s360Backoffice: string;
    metrics: string;
  };
  /** Process id of the Temporal dev server (the one child process the stack starts). */
  temporalServerPid: number;
  /** The S-360 simulator's API key (a key of this run, to read S-360 through its API). */
  s360ApiKey: string;
  /** The TIXNGO simulator's API key (a key of this run, to read what TIXNGO serves). */
  tixngoApiKey: string;
  client: Client;
  /** The TIXNGO simulator's fault control (tests: a failing or stuck run). */
  tixngoFaults: FaultController;
  /** Ticket stories started by the live activity so far. */
  ticketsStarted(): number;
  /** Stops everything this stack started, in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const organizerId = options.organizerId ?? DEMO_ORGANIZER;
  const cron = options.cron ?? '@every 15s';
  const port = (preferred: number): Promise<number> =>
    options.fixedPorts === false ? freePort() : preferredPort(preferred);
  const cleanups: (() => Promise<unknown>)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    })());

  try {
    const dataConverter = dataConverterFor(options.codec);
    const uiPort = await port(8233);
    let codecUrl: string | undefined;
    if (options.codec.mode === 'encrypt') {
      const codecServer = await startCodecServer({
        codec: payloadCodecFor(options.codec),
        allowedOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
        bearerToken: options.codecServerToken,
        port: await port(8888),
      });
      cleanups.push(() => codecServer.close());
      codecUrl = codecServer.url;
    }
    const uiCodecEndpoint =
      codecUrl && options.codecServerToken ? `${codecUrl}/${options.codecServerToken}` : codecUrl;

    const server = await startDevServer({
      cli: options.temporalCli,
      ui: true,
      port: await port(7233),
      uiPort,
      uiCodecEndpoint,
      logFile: options.serverLogFile ?? path.join(projectRoot(), '.data', 'temporal-dev-server.log'),
    });
    cleanups.push(() => server.stop());

    const tixngoKey = randomBytes(16).toString('hex');
    const s360Key = randomBytes(16).toString('hex');
    const tixngo = await startTixngoSimulator({ apiKey: tixngoKey, port: await port(4100) });
    cleanups.push(() => tixngo.close());
    const s360 = await startS360Simulator({
      databaseUrl: options.databaseUrl,
      schema: options.schema ?? 's360_demo',
      apiKeys: [s360Key],
      port: await port(4360),
    });
    cleanups.push(() => s360.close());

    const metrics = createFeedbackMetrics();
    const metricsServer = await startMetricsServer({ registry: metrics.registry, port: await port(9464) });
    cleanups.push(() => metricsServer.close());

    const nativeConnection = await NativeConnection.connect({ address: server.address });
    cleanups.push(() => nativeConnection.close());
    const secrets: Record<string, string> = {
      [tixngoKeyVariable(organizerId)]: tixngoKey,
      [s360KeyVariable(organizerId)]: s360Key,
    };
    const worker = await createFeedbackWorker({
      connection: nativeConnection,
      deps: {
        config: staticConfigStore({
          organizers: { [organizerId]: { tixngo: { baseUrl: tixngo.url }, s360: { baseUrl: s360.url } } },
        }),
        connect: httpConnector((variable) => secrets[variable]),
        metrics,
        // The operator's secret when set; else one of this run (the demo's server lives in memory).
        transferKeys: createTransferKeyer(
          process.env[TRANSFER_KEY_SECRET_VARIABLE]?.trim()
            ? transferKeySecretFromEnv()
            : generateTransferKeySecret(),
        ),
      },
      dataConverter,
      workflowBundlePath: options.workflowBundlePath,
      tuning: options.tuning,
    });
    const workerRun = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, dataConverter });

    // Activity first, so the first run already has tickets to bring back.
    const stream = new ScenarioStream();
    const every = options.activityEveryMs ?? 3000;
    const backlog = options.backlogBatches ?? 0;
    for (let batch = backlog; batch > 0; batch -= 1) {
      tixngo.changes.append(...stream.tick(new Date(Date.now() - batch * every)));
    }
    tixngo.changes.append(...stream.tick(new Date(), 10));
    const feed = setInterval(() => tixngo.changes.append(...stream.tick(new Date())), every);
    cleanups.push(async () => clearInterval(feed));

    await scheduleOrganizer(client, { organizerId, cronSchedule: cron });
    cleanups.push(() => client.workflow.getHandle(feedbackWorkflowId(organizerId)).terminate('demo stopped'));

    const onRun = options.onRun;
    if (onRun) {
      const follower = followRuns(
        client,
        organizerId,
        (event) => onRun(formatRunEvent(organizerId, event)),
        options.followEveryMs,
      );
      cleanups.push(async () => follower.stop());
    }

    return {
      organizerId,
      cron,
      urls: {
        temporalAddress: server.address,
        temporalUi: server.uiUrl,
        codecServer: codecUrl,
        tixngo: tixngo.url,
        s360: s360.url,
        s360Backoffice: `${s360.url}/backoffice`,
        metrics: metricsServer.url,
      },
      temporalServerPid: server.pid,
      s360ApiKey: s360Key,
      tixngoApiKey: tixngoKey,
      client,
      tixngoFaults: tixngo.faults,
      ticketsStarted: () => stream.ticketsStarted,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
