import { withClient } from '../../client/connect';
import { organizerStatus } from '../../client/organizerStatus';
import { parseCommandArgs, UsageError } from '../args';
import { formatStatus } from '../format';

export const statusHelp = `Usage: tixngo-feedback status <organizerId> [--json] [--rejected-file FILE]

Shows whether the organizer is scheduled and how it is doing: the current run waiting for its fire
time, its workflow task failing or an activity retried (attempt, decoded last failure), a last run
that failed and why, how long since the last successful run, the current run's progress (for a run
that cannot answer yet, such as one waiting for its fire time: the skip / unskip / resolve signals it
received, the live skip list they make and the warnings the run gives for what it refuses); then the
last finished run: pages, items, applied, skipped, rejected, transfers, next pagination key, live
skip list and the rejected items still open. Answers within seconds, also between runs.

Options:
  --json                 print the status as JSON
  --rejected-file FILE   write the open rejected items as a diff-format file, to fix and replay with import
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS / API key variables, TIXNGO_FEEDBACK_CODEC_KEYS
(tixngo-feedback --help)`;

export async function statusCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    'rejected-file': { type: 'string' },
  });
  if (values.help) return void console.log(statusHelp);
  const [organizerId] = positionals;
  if (!organizerId || positionals.length > 1)
    throw new UsageError(`expected one organizer id.\n\n${statusHelp}`);
  await withClient(async (client) => {
    const status = await organizerStatus(client, organizerId);
    console.log(values.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    const file = values['rejected-file'];
    if (file) {
      const { writeRejectedFile } = await import('../rejectedFile');
      const count = await writeRejectedFile(file, status.lastRun?.result.openRejections ?? []);
      console.log(
        `wrote ${count} rejected item(s) to ${file}: fix them, then run: tixngo-feedback import ${organizerId} ${file}`,
      );
    }
  });
}
