/**
 * The fault suite (issue #9): `npm run faults [-- --only <fault>] [--items N] [--seed N]`.
 * Starts its own Temporal dev server, runs each fault on its own stack, prints one line of figures
 * per fault and writes FAULTS.md. Exits 1 when any fault lost or duplicated an item.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE, generateCodecKeyEntry } from '../src/codec/keys';
import { generateTransferKeySecret, TRANSFER_KEY_SECRET_VARIABLE } from '../src/config/transferKeySecret';
import { startDevServer, type DevServer } from '../src/devstack/devServer';
import { projectRoot } from '../src/devstack/projectRoot';
import { resolveTemporalCli } from '../src/devstack/temporalBinaries';
import { buildWorkflowBundle } from '../src/workflowBundle';
import {
  DEFAULT_ITEMS,
  FAULT_NAMES,
  FAULTS,
  formatOutcome,
  type FaultName,
  type FaultOutcome,
} from './scenarios';
import {
  BAD_INPUT_KINDS,
  formatBadInput,
  runBadInput,
  type BadInputKind,
  type BadInputOutcome,
} from './badInput';

const HELP = `Usage: npm run faults -- [--only <fault>[,<fault>…]] [--items N] [--seed N] [--no-write]

Runs the fault suite against the real parts (Temporal dev server, worker processes, TIXNGO and
S-360 simulators on PostgreSQL), then compares S-360's end state with the expected one.

Faults (default served items):
${FAULT_NAMES.map((name) => `  ${name.padEnd(17)} ${DEFAULT_ITEMS[name]}`).join('\n')}

Bad input (one kind of input an operator or TIXNGO can send per line; \`bad-input\` selects all):
${BAD_INPUT_KINDS.map((name) => `  ${name}`).join('\n')}

Options:
  --only <faults>  run these faults / bad-input kinds only (comma separated)
  --items N        served items of every selected fault (default: per fault, above)
  --seed N         seed of the generated changes, the TIXNGO faults and the kill points (default 9)
  --no-write       do not write FAULTS.md

Environment: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test), TEMPORAL_CLI.
Exit code 1 when a fault lost, duplicated or wrongly applied an item, or a bad-input kind lost an
item or stalled the organizer.`;

type Selected = FaultName | BadInputKind;
const SELECTABLE: readonly string[] = [...FAULT_NAMES, ...BAD_INPUT_KINDS];

function parseArgs(argv: string[]): { only: Selected[]; items?: number; seed: number; write: boolean } {
  let only: Selected[] = [...FAULT_NAMES, ...BAD_INPUT_KINDS];
  let items: number | undefined;
  let seed = 9;
  let write = true;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[(i += 1)];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--only') {
      only = value()
        .split(',')
        .flatMap((name): Selected[] => {
          if (name === 'bad-input') return [...BAD_INPUT_KINDS];
          if (!SELECTABLE.includes(name)) {
            throw new Error(`unknown fault "${name}" (known: ${SELECTABLE.join(', ')}, bad-input)`);
          }
          return [name as Selected];
        });
    } else if (arg === '--items') {
      items = Number(value());
      if (!Number.isInteger(items) || items < 1) throw new Error('--items must be a positive integer');
    } else if (arg === '--seed') {
      seed = Number(value());
      if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
    } else if (arg === '--no-write') {
      write = false;
    } else {
      throw new Error(`unknown argument "${arg}" (see --help)`);
    }
  }
  return { only, items, seed, write };
}

function machine(): string {
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  return `${os.availableParallelism()} cores (nproc), ${memory} memory, node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`[faults] ${line}\n`);
  process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
  process.env[TRANSFER_KEY_SECRET_VARIABLE] ||= generateTransferKeySecret();
  if (!process.env[CODEC_KEYS_VARIABLE]) {
    process.env[CODEC_KEYS_VARIABLE] = generateCodecKeyEntry('faults');
    process.env[CODEC_MODE_VARIABLE] = '';
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tixngo-feedback-faults-'));
  let server: DevServer | undefined;
  const outcomes: FaultOutcome[] = [];
  const badInputs: BadInputOutcome[] = [];
  const started = new Date();
  try {
    const cli = await resolveTemporalCli({ install: true, log });
    const [devServer, bundle] = await Promise.all([
      startDevServer({ cli: cli.path, logFile: path.join(tmp, 'temporal-dev-server.log') }),
      buildWorkflowBundle(quietLogger()),
    ]);
    server = devServer;
    const workflowBundle = path.join(tmp, 'workflow-bundle.js');
    writeFileSync(workflowBundle, bundle);
    const env = { address: devServer.address, workflowBundle, databaseUrl: process.env.DATABASE_URL };
    const isFault = (name: Selected): name is FaultName => (FAULT_NAMES as readonly string[]).includes(name);
    for (const fault of args.only.filter(isFault)) {
      log(`${fault}: starting`);
      const outcome = await FAULTS[fault](env, { items: args.items, seed: args.seed, cli: cli.path, log });
      outcomes.push(outcome);
      console.log(formatOutcome(outcome));
      for (const finding of outcome.report.findings.slice(0, 50)) {
        console.log(`    ${finding.kind}: ${finding.item}: ${finding.detail}`);
      }
      if (outcome.report.findings.length > 50)
        console.log(`    … ${outcome.report.findings.length - 50} more`);
    }
    const kinds = args.only.filter((name): name is BadInputKind => !isFault(name));
    if (kinds.length > 0) console.log('bad input:');
    for (const kind of kinds) {
      log(`${kind}: starting`);
      const outcome = await runBadInput(env, kind, { seed: args.seed, log });
      badInputs.push(outcome);
      console.log(formatBadInput(outcome));
    }
  } finally {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (args.write) {
    const command = [
      'npm run faults',
      ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
    ].join(' ');
    const lines = [
      '# FAULTS — the latest fault suite run',
      '',
      'Written by `npm run faults` (faults/run.ts); see README.md, "Fault suite".',
      '',
      `- date: ${started.toISOString()} (took ${Math.round((Date.now() - started.getTime()) / 1000)} s)`,
      `- machine: ${machine()}`,
      `- command: \`${command}\``,
      `- seed: ${args.seed}`,
      '',
      '```',
      ...outcomes.map(formatOutcome),
      '```',
      '',
      ...(badInputs.length === 0
        ? []
        : [
            '## Bad input',
            '',
            'One kind of input an operator or TIXNGO can send per line (faults/badInput.ts).',
            '',
            '```',
            ...badInputs.map(formatBadInput),
            '```',
            '',
          ]),
      ...outcomes.flatMap((outcome) =>
        outcome.report.findings.length === 0
          ? []
          : [
              `## ${outcome.fault}: findings`,
              '',
              ...outcome.report.findings.slice(0, 100).map((f) => `- ${f.kind}: ${f.item}: ${f.detail}`),
              '',
            ],
      ),
    ];
    writeFileSync(path.join(projectRoot(), 'FAULTS.md'), lines.join('\n'));
  }
  const bad =
    outcomes.some((outcome) => outcome.report.lost + outcome.report.duplicated + outcome.report.wrong > 0) ||
    badInputs.some((outcome) => outcome.lost + outcome.stalled > 0);
  process.exitCode = bad ? 1 : 0;
}

function quietLogger() {
  const noop = (): void => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
