import { withClient } from '../../client/connect';
import { importDiffFile } from '../../client/importDiffFile';
import { DEFAULT_TASK_QUEUE, taskQueueFromEnv } from '../../client/scheduleOrganizer';
import { parseCommandArgs, UsageError } from '../args';
import { formatImport } from '../format';

export const importHelp = `Usage: tixngo-feedback import <organizerId> <file.json> [--again] [--task-queue NAME] [--json]

Applies a file in the TIXNGO diff response format ({ "pagination": {…}, "result": [ … ] }) once,
exactly as if TIXNGO had returned it (same validation, skip list, S-360 writes and transfers). For
one-off repairs: it is never scheduled and never moves the pagination key. The same file is
refused a second time unless --again is given. See docs/tixngo-diff.md for the format.
A part whose workflow task no worker has picked up after 5 s is said on stderr ("no worker polls
task queue …"); import keeps waiting.
Exit code 1 when every item of the file was rejected (nothing applied), 2 for a bad argument or file.

Options:
  --again                apply a file imported before once more
  --task-queue NAME      the workers' task queue (default: TEMPORAL_TASK_QUEUE, else "${DEFAULT_TASK_QUEUE}")
  --json                 print the summary as JSON
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, TLS / API key variables,
TIXNGO_FEEDBACK_CODEC_KEYS (tixngo-feedback --help)`;

export async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    again: { type: 'boolean' },
    'task-queue': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(importHelp);
  const [organizerId, file] = positionals;
  if (!organizerId || !file || positionals.length > 2)
    throw new UsageError(`expected an organizer id and a file.\n\n${importHelp}`);
  await withClient(async (client) => {
    const summary = await importDiffFile(client, {
      organizerId,
      file,
      again: values.again,
      // A part no worker picks up is said on stderr (stdout keeps the summary).
      onProgress: (line) => console.error(line),
      taskQueue: values['task-queue'] ?? taskQueueFromEnv(),
    });
    console.log(values.json ? JSON.stringify(summary, null, 2) : formatImport(summary));
    // Nothing of the file applied: a repair that repaired nothing is not a success (exit 1).
    if (summary.items > 0 && summary.rejected.length === summary.items) {
      console.error(`tixngo-feedback import: every item of ${file} was rejected; nothing was applied.`);
      process.exitCode = 1;
    }
  });
}
