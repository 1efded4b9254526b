import { withClient } from '../../client/connect';
import { signalSkipList } from '../../client/skipTickets';
import { terminalText } from '../../domain/terminalText';
import { parseCommandArgs, UsageError } from '../args';

const help = (
  action: 'skip' | 'unskip',
): string => `Usage: tixngo-feedback ${action} <organizerId> <entry>[,<entry>…] [<entry> …]

${
  action === 'skip'
    ? 'Adds tickets to the organizer\'s live skip list (signal "skipTickets"): the next page ignores them.'
    : 'Removes tickets from the live skip list (signal "unskipTickets"). Entries of the configuration file stay.'
}
An entry is a tax number, or id:<ticketId> for a TIXNGO ticket id; at most 1 000 per signal.
A value in double quotes (a JSON string) is taken exactly: a comma, spaces around it, or an id TIXNGO
sent that is not valid ('"A,B"', 'id:"sp ace "', 'id:"S-3\\u0000"'); a halted run names its entries so.
The workflow judges each entry when the signal arrives: one it refuses, or an unskip of an entry that
is not in the list, is a warning in the run's state and result (\`status <organizerId>\`). Same as:
  temporal workflow signal --workflow-id tixngo-feedback:<organizerId> --name ${action}Tickets --input '["id:T-1","1002"]'
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS / API key variables, TIXNGO_FEEDBACK_CODEC_KEYS
(tixngo-feedback --help)`;

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
      `Sent ${action === 'skip' ? 'skipTickets' : 'unskipTickets'} to "${terminalText(organizerId)}": ` +
        `${terminalText(sent.join(', '))} ` +
        '(the run says in its state and result whether it refused any; `status` shows them).',
    );
  });
}

export const skipCommand = (argv: string[]): Promise<void> => run('skip', argv);
export const unskipCommand = (argv: string[]): Promise<void> => run('unskip', argv);
