/**
 * Everything on one machine: a Temporal dev server with its Web UI, both simulators with a live
 * stream of ticket activity, a worker and the cron schedule of a demo organizer. Ctrl-C stops it all.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { httpConnector } from '../../activities';
import { startCodecServer } from '../../codec/codecServer';
import { dataConverterFor, payloadCodecFor } from '../../codec/dataConverter';
import {
  CODEC_KEYS_VARIABLE,
  CODEC_MODE_VARIABLE,
  codecSettingFromEnv,
  describeCodecSetting,
  parseCodecKeys,
  generateCodecKeyEntry,
  type CodecSetting,
} from '../../codec/keys';
import { staticConfigStore } from '../../config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../config/secrets';
import { scheduleOrganizer } from '../../client/scheduleOrganizer';
import { formatRunSummary, followRuns } from '../../client/runSummaries';
import { LiveActivity } from '../../demo/liveActivity';
import { startDevServer } from '../../devstack/devServer';
import { preferredPort } from '../../devstack/portAvailable';
import { projectRoot } from '../../devstack/projectRoot';
import { resolveTemporalCli } from '../../devstack/temporalBinaries';
import { startS360Simulator } from '../../sim/s360/server';
import { startTixngoSimulator } from '../../sim/tixngo/server';
import { createFeedbackWorker } from '../../worker';
import { parseCommandArgs } from '../args';
import path from 'node:path';

const DEMO_ORGANIZER = 'demo-organizer';
const DEFAULT_DEMO_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export const demoHelp = `Usage: npm start   (or: tixngo-feedback demo [--cron SPEC] [--activity-every SECONDS])

Starts, on this machine: a Temporal dev server with its Web UI, the TIXNGO and S-360 simulators
(S-360 stores in PostgreSQL at DATABASE_URL, default ${DEFAULT_DEMO_DATABASE_URL}, schema s360_demo),
a live stream of ticket activity, a worker, and the cron schedule of organizer "${DEMO_ORGANIZER}".
Payloads are encrypted with ${CODEC_KEYS_VARIABLE} when set, else with a key generated for this run
(${CODEC_MODE_VARIABLE}=off: plaintext); a codec server lets the Web UI show them decrypted.
Prints the URLs and one line per finished run. Ctrl-C stops every process.

Options:
  --cron SPEC                demo organizer's schedule (default "@every 15s"; production default is */5 * * * *)
  --activity-every SECONDS   how often new ticket activity arrives in TIXNGO (default 3)`;

export async function demoCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    cron: { type: 'string' },
    'activity-every': { type: 'string' },
  });
  if (values.help) return void console.log(demoHelp);
  const activityEveryMs = Number(values['activity-every'] ?? 3) * 1000;
  if (!Number.isFinite(activityEveryMs) || activityEveryMs <= 0) {
    throw new Error(
      `--activity-every must be a positive number of seconds, got "${values['activity-every']}"`,
    );
  }
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };

  try {
    // Encryption: the operator's keys, else a key of this run; the Web UI decrypts through the codec server.
    const codecSetting: CodecSetting = process.env[CODEC_KEYS_VARIABLE]?.trim()
      ? codecSettingFromEnv()
      : process.env[CODEC_MODE_VARIABLE] === 'off'
        ? { mode: 'off' }
        : { mode: 'encrypt', keyring: parseCodecKeys(generateCodecKeyEntry('demo'), 'the demo key') };
    const dataConverter = dataConverterFor(codecSetting);
    const uiPort = await preferredPort(8233);
    let codecUrl: string | undefined;
    if (codecSetting.mode === 'encrypt') {
      const codecServer = await startCodecServer({
        codec: payloadCodecFor(codecSetting),
        allowedOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
        port: await preferredPort(8888),
      });
      cleanups.push(() => codecServer.close());
      codecUrl = codecServer.url;
    }

    console.log('Starting the Temporal dev server…');
    const cli = await resolveTemporalCli({ install: true, log: (line) => console.log(line) });
    const server = await startDevServer({
      cli: cli.path,
      ui: true,
      port: await preferredPort(7233),
      uiPort,
      uiCodecEndpoint: codecUrl,
      logFile: path.join(projectRoot(), '.data', 'temporal-dev-server.log'),
    });
    cleanups.push(() => server.stop());

    const tixngoKey = randomBytes(16).toString('hex');
    const s360Key = randomBytes(16).toString('hex');
    const tixngo = await startTixngoSimulator({ apiKey: tixngoKey, port: await preferredPort(4100) });
    cleanups.push(() => tixngo.close());
    const s360 = await startS360Simulator({
      databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DEMO_DATABASE_URL,
      schema: 's360_demo',
      apiKeys: [s360Key],
      port: await preferredPort(4360),
    });
    cleanups.push(() => s360.close());

    const nativeConnection = await NativeConnection.connect({ address: server.address });
    cleanups.push(() => nativeConnection.close());
    const secrets: Record<string, string> = {
      [tixngoKeyVariable(DEMO_ORGANIZER)]: tixngoKey,
      [s360KeyVariable(DEMO_ORGANIZER)]: s360Key,
    };
    const worker = await createFeedbackWorker({
      connection: nativeConnection,
      deps: {
        config: staticConfigStore({
          organizers: { [DEMO_ORGANIZER]: { tixngo: { baseUrl: tixngo.url }, s360: { baseUrl: s360.url } } },
        }),
        connect: httpConnector((variable) => secrets[variable]),
      },
      dataConverter,
    });
    const workerRun = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, dataConverter });
    const cron = values.cron ?? '@every 15s';
    await scheduleOrganizer(client, { organizerId: DEMO_ORGANIZER, cronSchedule: cron });
    cleanups.push(() =>
      client.workflow.getHandle(`tixngo-feedback:${DEMO_ORGANIZER}`).terminate('demo stopped'),
    );

    const activity = new LiveActivity();
    tixngo.changes.append(...activity.tick(new Date(), 20, 0));
    const feed = setInterval(() => tixngo.changes.append(...activity.tick(new Date())), activityEveryMs);
    cleanups.push(async () => clearInterval(feed));
    const follower = followRuns(client, DEMO_ORGANIZER, (result, closedAt) =>
      console.log(formatRunSummary(result, closedAt)),
    );
    cleanups.push(async () => follower.stop());

    console.log(`
tixngo-feedback demo is running.
  Temporal Web UI      ${server.uiUrl}/namespaces/default/workflows
  Temporal address     ${server.address}   (temporal CLI: ${cli.path})
  TIXNGO simulator     ${tixngo.url}/tickets/diff
  S-360 simulator      ${s360.url}
  Codec server         ${codecUrl ?? '(none)'}   ${describeCodecSetting(codecSetting)}
  Demo organizer       ${DEMO_ORGANIZER}, schedule "${cron}", workflow tixngo-feedback:${DEMO_ORGANIZER}
Press Ctrl-C to stop. One line per finished run:`);

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('\nStopping…');
  } finally {
    await stopAll();
  }
  console.log('Stopped.');
}
