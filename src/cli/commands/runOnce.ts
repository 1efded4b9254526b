import { withClient } from '../../client/connect';
import { UNSUCCESSFUL_STOPS } from '../../domain/runStops';
import { runOnce } from '../../client/runOnce';
import { NOT_PICKED_UP_AFTER_MS } from '../../client/runFollower';
import { DEFAULT_TASK_QUEUE, taskQueueFromEnv } from '../../client/scheduleOrganizer';
import { parseCommandArgs, UsageError } from '../args';
import { formatRun } from '../format';

export const runOnceHelp = `Usage: tixngo-feedback run-once <organizerId> [--task-queue NAME] [--pagination-key KEY] [--json]

Runs the organizer's feedback once now ("manual" launch) and prints what it did. Refused while the
organizer is scheduled (only one feedback execution per organizer at a time). Carries on from the
last finished run's pagination key, skip list and open rejections. While it waits, a run stuck
retrying (a workflow task or a page on its 3rd attempt or later) is reported on stderr, and so is a
run whose workflow task no worker has picked up after ${NOT_PICKED_UP_AFTER_MS / 1000} s ("no worker polls task queue …":
start a worker on that queue, or stop with Ctrl-C and \`unschedule <organizerId>\` ends the run).

Options:
  --task-queue NAME      the workers' task queue (default: TEMPORAL_TASK_QUEUE, else "${DEFAULT_TASK_QUEUE}")
  --pagination-key KEY   read from this key instead of the last finished run's
  --json                 print the run's result as JSON
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, TLS / API key variables,
TIXNGO_FEEDBACK_CODEC_KEYS (tixngo-feedback --help)`;

export async function runOnceCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    'task-queue': { type: 'string' },
    'pagination-key': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(runOnceHelp);
  const [organizerId] = positionals;
  if (!organizerId || positionals.length > 1)
    throw new UsageError(`expected one organizer id.\n\n${runOnceHelp}`);
  await withClient(async (client) => {
    const result = await runOnce(client, {
      organizerId,
      taskQueue: values['task-queue'] ?? taskQueueFromEnv(),
      paginationKey: values['pagination-key'],
      // A run retrying for minutes is not silent: its stuck lines on stderr (stdout keeps the result).
      onProgress: (line) => console.error(line),
    });
    console.log(values.json ? JSON.stringify(result, null, 2) : formatRun(result));
    // A run that stopped without progress (halted, a failing ticket in strict mode) is not a success.
    if (UNSUCCESSFUL_STOPS.has(result.stoppedBy)) {
      console.error(
        `tixngo-feedback run-once: the run ${result.stoppedBy === 'not-started' ? 'did not start (its start date is ahead)' : 'halted before the pagination key moved'}; see "${result.stoppedBy === 'sync-error' ? 'failing ticket' : 'halted'}" above.`,
      );
      process.exitCode = 1;
    }
  });
}
