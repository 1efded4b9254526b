import { checkOrganizer } from '../../client/checkOrganizer';
import { withClient } from '../../client/connect';
import {
  DEFAULT_CRON_SCHEDULE,
  DEFAULT_TASK_QUEUE,
  scheduleOrganizer,
  taskQueueFromEnv,
} from '../../client/scheduleOrganizer';
import { checkCronSchedule } from '../../domain/cronSchedule';
import { parseCommandArgs, UsageError } from '../args';
import { terminalText } from '../../domain/terminalText';

export const scheduleHelp = `Usage: tixngo-feedback schedule <organizerId> [--cron SPEC] [--start DATE] [--end DATE]
                                 [--task-queue NAME] [--pagination-key KEY]

Starts the organizer's feedback cron workflow (id tixngo-feedback:<organizerId>). A second
schedule for the same organizer is refused: only one feedback execution per organizer exists.
Before it starts, a cron spec Temporal cannot run as meant is refused at once, naming the spec and
the reason (5 fields, an @every interval from 1s to 2562047h47m16.854775807s, a CRON_TZ= / TZ= zone
that is an IANA name such as Europe/Zurich), and a worker of the task queue reads the organizer's
configuration as every run will: an organizer missing from the file, a deprecated or invalid
parameter is refused (exit code 2). When no worker answers within 20 s
the schedule starts unchecked, and says so.

Options:
  --cron SPEC            cron spec, clock aligned (default "${DEFAULT_CRON_SCHEDULE}"), or "@every 30s"
  --task-queue NAME      the workers' task queue (default: TEMPORAL_TASK_QUEUE, else "${DEFAULT_TASK_QUEUE}")
  --start DATE           runs before this date (ISO 8601, e.g. 2026-12-01T08:00:00Z) do nothing
  --end DATE             the schedule ends at this date
  --pagination-key KEY   first run's key; by default where the organizer was (what unschedule printed
                         it kept); leave it unless you know why
Environment: TEMPORAL_ADDRESS (default 127.0.0.1:7233), TEMPORAL_NAMESPACE (default "default"),
TEMPORAL_TASK_QUEUE, TLS / API key variables, TIXNGO_FEEDBACK_CODEC_KEYS (tixngo-feedback --help)`;

export async function scheduleCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    cron: { type: 'string' },
    'task-queue': { type: 'string' },
    'pagination-key': { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
  });
  if (values.help) return void console.log(scheduleHelp);
  const [organizerId] = positionals;
  if (!organizerId || positionals.length > 1)
    throw new UsageError(`expected one organizer id.\n\n${scheduleHelp}`);
  const cronSchedule = checkCronSchedule(values.cron ?? DEFAULT_CRON_SCHEDULE);
  const startDate = parseDate(values.start, '--start');
  const endDate = parseDate(values.end, '--end');
  await withClient(async (client) => {
    const taskQueue = values['task-queue'] ?? taskQueueFromEnv();
    const check = await checkOrganizer(client, organizerId, taskQueue);
    if (!check.checked)
      console.error(`Configuration not checked: ${terminalText(check.reason)}; each run checks it.`);
    for (const warning of check.checked ? check.warnings : [])
      console.error(`Warning: ${terminalText(warning)}`);
    const handle = await scheduleOrganizer(client, {
      organizerId,
      cronSchedule,
      taskQueue,
      paginationKey: values['pagination-key'],
      startDate,
      endDate,
    });
    console.log(
      `Scheduled organizer "${organizerId}": workflow ${handle.workflowId} (${terminalText(cronSchedule)}).`,
    );
  });
}

function parseDate(text: string | undefined, flag: string): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag} "${text}" is not a date (use ISO 8601, e.g. 2026-12-01T08:00:00Z)`);
  return date;
}
