/**
 * Everything on one machine: a Temporal dev server with its Web UI, both simulators with a live
 * stream of ticket activity, a worker and the cron schedule of a demo organizer. Ctrl-C stops it all.
 * The stack itself is src/demo/demoStack.ts (its end-to-end test starts the very same).
 */
import { Runtime } from '@temporalio/worker';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE, describeCodecSetting } from '../../codec/keys';
import { codecServerTokenFromEnv } from '../../codec/serverToken';
import { workerTuningFromEnv } from '../../config/workerTuning';
import { DEMO_CODEC_KEY_FILE, demoCodec } from '../../demo/demoCodecKey';
import { DEMO_ORGANIZER, startDemoStack } from '../../demo/demoStack';
import { demoUsageText } from '../../demo/demoUsage';
import { resolveTemporalCli } from '../../devstack/temporalBinaries';
import { checkCronSchedule } from '../../domain/cronSchedule';
import { JsonLogger, logLevelFromEnv } from '../../observability/logger';
import { parseCommandArgs, UsageError } from '../args';
import { untilStopSignal } from '../stopSignals';

export const demoHelp = `Usage: npm start   (or: tixngo-feedback demo [--cron SPEC] [--activity-every SECONDS])

Starts, on this machine: a Temporal dev server with its Web UI, the TIXNGO and S-360 simulators,
a live stream of ticket activity (the simulator's event-day stories: downloads, assignments,
transfers accepted, rejected, cancelled and expired, activations, controls, deletions), a worker with
its Prometheus /metrics, and the cron schedule of organizer "${DEMO_ORGANIZER}".
The S-360 simulator stores in PostgreSQL at DATABASE_URL when set (schema s360_demo), else in an
embedded database (PGlite, in memory: nothing to install, gone at Ctrl-C).
Payloads are encrypted with ${CODEC_KEYS_VARIABLE} when set, else with a key generated for this run,
written to ${DEMO_CODEC_KEY_FILE} (mode 0600, removed at Ctrl-C; ${CODEC_MODE_VARIABLE}=off: plaintext);
a codec server lets the Web UI show them decrypted. It prints how to use \`npm run cli\` and the
temporal CLI against it (address, key, an example).
Ports: 7233 (Temporal), 8233 (Web UI), 8888 (codec), 4100 (TIXNGO), 4360 (S-360), 9464 (metrics)
when free, else free ones. Prints the URLs, then one line per finished run (its items adding up:
applied + unchanged + superseded + skipped + rejected [+ held back]), per failed run (with its
reason) and per stuck run (a workflow task or an activity on its 3rd attempt). Ctrl-C stops it all.
Worker logs (JSON lines) go to stderr at LOG_LEVEL (default WARN in the demo). The worker's sizing
variables (TIXNGO_FEEDBACK_MAX_*, see \`npm run worker -- --help\`) apply to the demo's worker too.

Options:
  --cron SPEC                demo organizer's schedule (default "@every 15s"; production default is */5 * * * *),
                             checked as schedule checks it before anything starts
  --activity-every SECONDS   how often new ticket activity arrives in TIXNGO (default 3)`;

export async function demoCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    cron: { type: 'string' },
    'activity-every': { type: 'string' },
  });
  if (values.help) return void console.log(demoHelp);
  // A spec Temporal refuses is said now, naming it and why, not after the whole stack has started.
  const cron = values.cron === undefined ? undefined : checkCronSchedule(values.cron);
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
  const tuning = workerTuningFromEnv();
  const codecServerToken = codecServerTokenFromEnv();
  const { codec, source, remove: removeKeyFile, removeNow: removeKeyFileNow } = await demoCodec();

  try {
    console.log('Starting the Temporal dev server…');
    const cli = await resolveTemporalCli({ install: true, log: (line) => console.log(line) });
    const stack = await startDemoStack({
      temporalCli: cli.path,
      codec,
      codecServerToken,
      cron,
      activityEveryMs,
      databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
      tuning,
      onRun: (line) => console.log(line),
    });
    try {
      const { urls } = stack;
      const usage = demoUsageText({
        temporalAddress: urls.temporalAddress,
        temporalCli: cli.path,
        codecServer: urls.codecServer,
        codecServerTokenRequired: codecServerToken !== undefined,
        source,
        organizerId: stack.organizerId,
      });
      console.log(`
tixngo-feedback demo is running.
  Temporal Web UI      ${urls.temporalUi ?? '(none)'}/namespaces/default/workflows
  Temporal address     ${urls.temporalAddress}
  S-360 back office    ${urls.s360Backoffice}
  S-360 API            ${urls.s360}/api   (simulator; ${process.env.DATABASE_URL?.trim() ? 'PostgreSQL at DATABASE_URL' : 'embedded PGlite'})
  TIXNGO simulator     ${urls.tixngo}/tickets/diff
  Worker metrics       ${urls.metrics}
  Codec server         ${urls.codecServer ?? '(none)'}   ${describeCodecSetting(codec)}
  Demo organizer       ${stack.organizerId}, schedule "${stack.cron}", workflow tixngo-feedback:${stack.organizerId}

${usage}

Press Ctrl-C to stop (again after 2 s to force). One line per finished, failed or stuck run:`);

      await untilStopSignal(removeKeyFileNow);
      console.log('\nStopping…');
    } finally {
      await stack.stop();
    }
  } finally {
    await removeKeyFile();
  }
  console.log('Stopped.');
}
