import { withClient } from '../../client/connect';
import { unscheduleOrganizer } from '../../client/unscheduleOrganizer';
import { parseCommandArgs, UsageError } from '../args';

export const unscheduleHelp = `Usage: tixngo-feedback unschedule <organizerId> [--reason TEXT]

Stops the organizer's feedback cron workflow. The pagination key of the last completed run is
kept in its result; schedule the organizer again with --pagination-key to go on from it.
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS / API key variables (tixngo-feedback --help)`;

export async function unscheduleCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { reason: { type: 'string' } });
  if (values.help) return void console.log(unscheduleHelp);
  const [organizerId] = positionals;
  if (!organizerId || positionals.length > 1)
    throw new UsageError(`expected one organizer id.\n\n${unscheduleHelp}`);
  await withClient(async (client) => {
    await unscheduleOrganizer(client, organizerId, values.reason ?? 'unscheduled from the command line');
    console.log(`Unscheduled organizer "${organizerId}".`);
  });
}
