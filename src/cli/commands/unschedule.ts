import { withClient } from '../../client/connect';
import { unscheduleOrganizer } from '../../client/unscheduleOrganizer';
import { parseCommandArgs, UsageError } from '../args';
import { formatUnschedule } from '../formatCarried';

export const unscheduleHelp = `Usage: tixngo-feedback unschedule <organizerId> [--reason TEXT]

Stops the organizer's feedback cron workflow: the run in progress, or the run waiting for its next
cron time. Nothing is lost, and the command prints what it kept for the next schedule, run-once or
import: the live skip list (with the skip / unskip signals the stopped run had received), the open
rejections, and the pagination key: the last finished run's, or the stopped run's own progress when
a worker answers its state query (the key moves only once a page is applied; otherwise those pages
are read again), then the warnings the workflow gives for what it refuses of those signals (an
unskip of an entry not listed, a full live skip list…). \`schedule\` then carries on from there by itself.
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS / API key variables, TIXNGO_FEEDBACK_CODEC_KEYS
(tixngo-feedback --help)`;

export async function unscheduleCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { reason: { type: 'string' } });
  if (values.help) return void console.log(unscheduleHelp);
  const [organizerId] = positionals;
  if (!organizerId || positionals.length > 1)
    throw new UsageError(`expected one organizer id.\n\n${unscheduleHelp}`);
  await withClient(async (client) => {
    const outcome = await unscheduleOrganizer(
      client,
      organizerId,
      values.reason ?? 'unscheduled from the command line',
    );
    console.log(formatUnschedule(outcome));
  });
}
