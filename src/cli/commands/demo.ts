/**
 * Everything on one machine: a Temporal dev server with its Web UI, both simulators with a live
 * stream of ticket activity, a worker and the cron schedule of a demo organizer. Ctrl-C stops it all.
 * The stack itself is src/demo/demoStack.ts (its end-to-end test starts the very same).
 */
import { Runtime } from '@temporalio/worker';
import {
  CODEC_KEYS_VARIABLE,
  CODEC_MODE_VARIABLE,
  codecSettingFromEnv,
  describeCodecSetting,
  generateCodecKeyEntry,
  parseCodecKeys,
  type CodecSetting,
} from '../../codec/keys';
import { codecServerTokenFromEnv } from '../../codec/serverToken';
import { workerTuningFromEnv } from '../../config/workerTuning';
import { DEMO_ORGANIZER, startDemoStack } from '../../demo/demoStack';
import { resolveTemporalCli } from '../../devstack/temporalBinaries';
import { JsonLogger, logLevelFromEnv } from '../../observability/logger';
import { parseCommandArgs, UsageError } from '../args';

export const demoHelp = `Usage: npm start   (or: tixngo-feedback demo [--cron SPEC] [--activity-every SECONDS])

Starts, on this machine: a Temporal dev server with its Web UI, the TIXNGO and S-360 simulators,
a live stream of ticket activity (the simulator's event-day stories: downloads, assignments,
transfers accepted, rejected, cancelled and expired, activations, controls, deletions), a worker with
its Prometheus /metrics, and the cron schedule of organizer "${DEMO_ORGANIZER}".
The S-360 simulator stores in PostgreSQL at DATABASE_URL when set (schema s360_demo), else in an
embedded database (PGlite, in memory: nothing to install, gone at Ctrl-C).
Payloads are encrypted with ${CODEC_KEYS_VARIABLE} when set, else with a key generated for this run
(${CODEC_MODE_VARIABLE}=off: plaintext); a codec server lets the Web UI show them decrypted.
Ports: 7233 (Temporal), 8233 (Web UI), 8888 (codec), 4100 (TIXNGO), 4360 (S-360), 9464 (metrics)
when free, else free ones. Prints the URLs and one line per finished run. Ctrl-C stops every process.
Worker logs (JSON lines) go to stderr at LOG_LEVEL (default WARN in the demo). The worker's sizing
variables (TIXNGO_FEEDBACK_MAX_*, see \`npm run worker -- --help\`) apply to the demo's worker too.

Options:
  --cron SPEC                demo organizer's schedule (default "@every 15s"; production default is */5 * * * *)
  --activity-every SECONDS   how often new ticket activity arrives in TIXNGO (default 3)`;

function demoCodecSetting(): CodecSetting {
  if (process.env[CODEC_KEYS_VARIABLE]?.trim()) return codecSettingFromEnv();
  if (process.env[CODEC_MODE_VARIABLE] === 'off') return { mode: 'off' };
  return { mode: 'encrypt', keyring: parseCodecKeys(generateCodecKeyEntry('demo'), 'the demo key') };
}

export async function demoCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    cron: { type: 'string' },
    'activity-every': { type: 'string' },
  });
  if (values.help) return void console.log(demoHelp);
  const activityEveryMs = Number(values['activity-every'] ?? 3) * 1000;
  if (!Number.isFinite(activityEveryMs) || activityEveryMs <= 0) {
    throw new UsageError(
      `--activity-every must be a positive number of seconds, got "${values['activity-every']}"`,
    );
  }
  Runtime.install({
    logger: new JsonLogger({
      level: process.env.LOG_LEVEL ? logLevelFromEnv() : 'WARN',
      write: (line) => void process.stderr.write(`${line}\n`),
    }),
  });
  const codec = demoCodecSetting();
  const tuning = workerTuningFromEnv();
  const codecServerToken = codecServerTokenFromEnv();

  console.log('Starting the Temporal dev server…');
  const cli = await resolveTemporalCli({ install: true, log: (line) => console.log(line) });
  const stack = await startDemoStack({
    temporalCli: cli.path,
    codec,
    codecServerToken,
    cron: values.cron,
    activityEveryMs,
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    tuning,
    onRun: (line) => console.log(line),
  });
  try {
    const { urls } = stack;
    console.log(`
tixngo-feedback demo is running.
  Temporal Web UI      ${urls.temporalUi ?? '(none)'}/namespaces/default/workflows
  Temporal address     ${urls.temporalAddress}   (temporal CLI: ${cli.path})
  S-360 back office    ${urls.s360Backoffice}
  S-360 API            ${urls.s360}/api   (simulator; ${process.env.DATABASE_URL?.trim() ? 'PostgreSQL at DATABASE_URL' : 'embedded PGlite'})
  TIXNGO simulator     ${urls.tixngo}/tickets/diff
  Worker metrics       ${urls.metrics}
  Codec server         ${urls.codecServer ?? '(none)'}   ${describeCodecSetting(codec)}
  Demo organizer       ${stack.organizerId}, schedule "${stack.cron}", workflow tixngo-feedback:${stack.organizerId}
Press Ctrl-C to stop. One line per finished run:`);

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('\nStopping…');
  } finally {
    await stack.stop();
  }
  console.log('Stopped.');
}
