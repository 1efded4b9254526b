import { withClient } from '../../client/connect';
import { DEFAULT_CRON_SCHEDULE, DEFAULT_TASK_QUEUE, scheduleOrganizer } from '../../client/scheduleOrganizer';
import { parseCommandArgs, UsageError } from '../args';

export const scheduleHelp = `Usage: tixngo-feedback schedule <organizerId> [--cron SPEC] [--start DATE] [--end DATE]
                                 [--task-queue NAME] [--pagination-key KEY]

Starts the organizer's feedback cron workflow (id tixngo-feedback:<organizerId>). A second
schedule for the same organizer is refused: only one feedback execution per organizer exists.

Options:
  --cron SPEC            cron spec, clock aligned (default "${DEFAULT_CRON_SCHEDULE}"), or "@every 30s"
  --task-queue NAME      worker task queue (default "${DEFAULT_TASK_QUEUE}")
  --start DATE           runs before this date (ISO 8601, e.g. 2026-12-01T08:00:00Z) do nothing
  --end DATE             the schedule ends at this date
  --pagination-key KEY   first run's key; by default where the organizer was (what unschedule printed
                         it kept); leave it unless you know why
Environment: TEMPORAL_ADDRESS (default 127.0.0.1:7233), TEMPORAL_NAMESPACE (default "default"),
TLS / API key variables (tixngo-feedback --help)`;

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
  await withClient(async (client) => {
    const handle = await scheduleOrganizer(client, {
      organizerId,
      cronSchedule: values.cron,
      taskQueue: values['task-queue'],
      paginationKey: values['pagination-key'],
      startDate: parseDate(values.start, '--start'),
      endDate: parseDate(values.end, '--end'),
    });
    console.log(
      `Scheduled organizer "${organizerId}": workflow ${handle.workflowId} (${values.cron ?? DEFAULT_CRON_SCHEDULE}).`,
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
