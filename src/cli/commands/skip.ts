import { withClient } from '../../client/connect';
import { signalSkipList } from '../../client/skipTickets';
import { parseCommandArgs, UsageError } from '../args';

const help = (
  action: 'skip' | 'unskip',
): string => `Usage: tixngo-feedback ${action} <organizerId> <entry>[,<entry>…] [<entry> …]

${
  action === 'skip'
    ? 'Adds tickets to the organizer\'s live skip list (signal "skipTickets"): the next page ignores them.'
    : 'Removes tickets from the live skip list (signal "unskipTickets"). Entries of the configuration file stay.'
}
An entry is a tax number, or id:<ticketId> for a TIXNGO ticket id. Same as:
  temporal workflow signal --workflow-id tixngo-feedback:<organizerId> --name ${action}Tickets --input '["id:T-1","1002"]'
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS / API key variables (tixngo-feedback --help)`;

export const skipHelp = help('skip');
export const unskipHelp = help('unskip');

async function run(action: 'skip' | 'unskip', argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {});
  if (values.help) return void console.log(help(action));
  const [organizerId, ...entries] = positionals;
  if (!organizerId || entries.length === 0)
    throw new UsageError(`expected an organizer id and entries.\n\n${help(action)}`);
  await withClient(async (client) => {
    const sent = await signalSkipList(client, organizerId, action, entries);
    console.log(
      `${action === 'skip' ? 'Skipping' : 'No longer skipping'} for "${organizerId}": ${sent.join(', ')}`,
    );
  });
}

export const skipCommand = (argv: string[]): Promise<void> => run('skip', argv);
export const unskipCommand = (argv: string[]): Promise<void> => run('unskip', argv);
