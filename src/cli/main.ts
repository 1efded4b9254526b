#!/usr/bin/env node
/** The operator's command line: `tixngo-feedback <command> --help` explains each command. */
import { describeError, exitCodeOf } from './describeError';
import { temporalVariablesHelp } from '../client/temporalConnection';
import { DEFAULT_TASK_QUEUE, TASK_QUEUE_VARIABLE } from '../client/scheduleOrganizer';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE } from '../codec/keys';
import { demoCommand, demoHelp } from './commands/demo';
import { importCommand, importHelp } from './commands/import';
import { runOnceCommand, runOnceHelp } from './commands/runOnce';
import { resolveCommand, resolveHelp } from './commands/resolve';
import { scheduleCommand, scheduleHelp } from './commands/schedule';
import { skipCommand, skipHelp, unskipCommand, unskipHelp } from './commands/skip';
import { statusCommand, statusHelp } from './commands/status';
import { unscheduleCommand, unscheduleHelp } from './commands/unschedule';
import { terminalText } from '../domain/terminalText';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; help: string; summary: string }> = {
  schedule: {
    run: scheduleCommand,
    help: scheduleHelp,
    summary: "start an organizer's feedback cron workflow",
  },
  unschedule: {
    run: unscheduleCommand,
    help: unscheduleHelp,
    summary: "stop an organizer's feedback cron workflow",
  },
  'run-once': {
    run: runOnceCommand,
    help: runOnceHelp,
    summary: 'run the feedback once now and print what it did',
  },
  status: {
    run: statusCommand,
    help: statusHelp,
    summary: 'schedule, current progress, last run, open rejections',
  },
  skip: {
    run: skipCommand,
    help: skipHelp,
    summary: 'skip tickets from the next page on (signal skipTickets)',
  },
  unskip: { run: unskipCommand, help: unskipHelp, summary: 'stop skipping tickets (signal unskipTickets)' },
  resolve: {
    run: resolveCommand,
    help: resolveHelp,
    summary: 'close open rejections dealt with (signal resolveRejections)',
  },
  import: {
    run: importCommand,
    help: importHelp,
    summary: 'apply a diff-format file once (repairs, replays)',
  },
  demo: {
    run: demoCommand,
    help: demoHelp,
    summary: 'everything locally: Temporal + UI, simulators, worker, demo organizer',
  },
};

const HELP = `Usage: tixngo-feedback <command> [options]      (in this repository: npm run cli -- <command>)

Keeps S-360 in step with TIXNGO, one Temporal cron workflow per organizer.

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`)
  .join('\n')}

Run "tixngo-feedback <command> --help" for a command's options.

Environment (every command but demo; the worker reads the same, see npm run worker -- --help):
${temporalVariablesHelp()}
  ${TASK_QUEUE_VARIABLE.padEnd(26)}the workers' task queue, where schedule, run-once and import start
                            their runs (default "${DEFAULT_TASK_QUEUE}"; --task-queue wins)
  ${CODEC_KEYS_VARIABLE} the workers' payload keys (or ${CODEC_MODE_VARIABLE}=off)`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${terminalText(name)}".\n\n${HELP}`);
    return 2;
  }
  try {
    await command.run(rest);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    console.error(`tixngo-feedback ${name}: ${describeError(error)}`);
    return exitCodeOf(error);
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
