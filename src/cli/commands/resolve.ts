import { withClient } from '../../client/connect';
import { resolveRejections } from '../../client/resolveRejections';
import { terminalText } from '../../domain/terminalText';
import { parseCommandArgs, UsageError } from '../args';

export const resolveHelp = `Usage: tixngo-feedback resolve <organizerId> <#reference|ticketId> [...]

Closes open rejections you have dealt with (signal "resolveRejections"): each by its reference, as
\`status\` lists it (#3f9a0c1b2d4e), or every open rejection of a ticket by its ticket id. It is the
way to close a rejection that names no ticket (an item without ticketId), which nothing else closes.
A rejection fixed by \`import\` closes by itself, and \`skip\` closes the skipped tickets' ones; resolve
changes nothing in S-360 and skips nothing: the item stays in TIXNGO's history and in the run results.
A reference or ticket id that names no open rejection is a warning in the run's state and result.
References are # and 12 hexadecimal digits (either case). At most 1 000 entries. It signals the
organizer's running schedule: an organizer only ever run with run-once has none; schedule it (it
carries the open rejections on from its last run), resolve, and unschedule if you want. Same as:
  temporal workflow signal --workflow-id tixngo-feedback:<organizerId> --name resolveRejections --input '["#3f9a0c1b2d4e"]'
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS / API key variables, TIXNGO_FEEDBACK_CODEC_KEYS
(tixngo-feedback --help)`;

export async function resolveCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {});
  if (values.help) return void console.log(resolveHelp);
  const [organizerId, ...entries] = positionals;
  if (!organizerId || entries.length === 0)
    throw new UsageError(`expected an organizer id and rejections.\n\n${resolveHelp}`);
  await withClient(async (client) => {
    const sent = await resolveRejections(client, organizerId, entries);
    console.log(
      `Sent resolveRejections to "${terminalText(organizerId)}": ${terminalText(sent.join(', '))} ` +
        '(`status` shows the rejections still open, and a warning for a reference that names none).',
    );
  });
}
