/**
 * `npm run bench:start` (after `npm run build`): how long the worker process takes from its spawn to
 * polling its task queue (the "worker started" log line), and its memory (RSS then, and its peak),
 * run the three ways it can be, each through bin/worker-node: the image's (`dist/worker.js` with the
 * prebuilt dist/workflow-bundle.js), compiled but bundling the workflows at start, and from the
 * sources through tsx (`npm run worker`, bundling at start: what the image ran before issue 16).
 * Against its own Temporal dev server; prints a Markdown table (medians of --runs).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandArgs } from '../src/cli/args';
import { generateCodecKeyEntry, CODEC_KEYS_VARIABLE } from '../src/codec/keys';
import { generateTransferKeySecret, TRANSFER_KEY_SECRET_VARIABLE } from '../src/config/transferKeySecret';
import { startDevServer } from '../src/devstack/devServer';
import { projectRoot } from '../src/devstack/projectRoot';
import { resolveTemporalCli } from '../src/devstack/temporalBinaries';
import { startWorkerProcess, writeConfigFile } from '../src/devstack/workerProcess';
import { WORKFLOW_BUNDLE_VARIABLE } from '../src/worker';
import { PREBUILT_BUNDLE_FILE } from '../src/workflowBundle';

const HELP = `Usage: npm run bench:start -- [--runs N]   (run npm run build first)

Starts the worker N times (default 3) each way — compiled with the prebuilt workflow bundle (the
image), compiled bundling at start, and from the sources through tsx — against its own Temporal dev
server, and prints the medians: seconds from spawn to "worker started", RSS then, peak RSS.`;

interface Sample {
  startSeconds: number;
  rssMb: number;
  peakMb: number;
}

/** VmRSS and VmHWM (peak) of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const { values } = parseCommandArgs(process.argv.slice(2), { runs: { type: 'string' } });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a whole number ≥ 1, got "${values.runs}"`);
  const root = projectRoot();
  const dist = path.join(root, 'dist');
  if (!existsSync(path.join(dist, 'worker.js')) || !existsSync(path.join(dist, PREBUILT_BUNDLE_FILE))) {
    throw new Error(`no compiled worker with its bundle in ${dist}: run npm run build first`);
  }
  // The same compiled worker without a bundle next to it, beside the project's node_modules.
  const bare = mkdtempSync(path.join(os.tmpdir(), 'worker-start-'));
  cpSync(dist, path.join(bare, 'dist'), { recursive: true });
  rmSync(path.join(bare, 'dist', PREBUILT_BUNDLE_FILE));
  symlinkSync(path.join(root, 'node_modules'), path.join(bare, 'node_modules'), 'dir');

  const cli = await resolveTemporalCli({ install: true, log: () => undefined });
  const server = await startDevServer({ cli: cli.path });
  const ways: { name: string; compiledWorker?: string }[] = [
    {
      name: '`bin/worker-node dist/worker.js`, prebuilt bundle (the image)',
      compiledWorker: path.join(dist, 'worker.js'),
    },
    {
      name: '`bin/worker-node dist/worker.js`, bundled at start',
      compiledWorker: path.join(bare, 'dist', 'worker.js'),
    },
    { name: '`npm run worker` (tsx), bundled at start (the image before issue 16)' },
  ];
  const samples = new Map<string, Sample[]>(ways.map((way) => [way.name, []]));
  const configFile = writeConfigFile({ organizers: {} });
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const way of ways) {
        const spawned = Date.now();
        const worker = await startWorkerProcess({
          compiledWorker: way.compiledWorker,
          address: server.address,
          taskQueue: `worker-start-${run}`,
          configFile,
          secrets: {},
          env: {
            [WORKFLOW_BUNDLE_VARIABLE]: '',
            [CODEC_KEYS_VARIABLE]: generateCodecKeyEntry('bench'),
            [TRANSFER_KEY_SECRET_VARIABLE]: generateTransferKeySecret(),
            METRICS_PORT: '0',
          },
          startTimeoutMs: 300_000,
        });
        const startSeconds = (Date.now() - spawned) / 1000;
        const memory = memoryOf(worker.process.pid ?? 0);
        await worker.stop();
        samples.get(way.name)?.push({ startSeconds, ...memory });
        console.error(`${way.name}: ${startSeconds.toFixed(1)} s, RSS ${memory.rssMb.toFixed(0)} MB`);
      }
    }
  } finally {
    await server.stop();
    rmSync(bare, { recursive: true, force: true });
  }
  console.log(
    `Node.js ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}, median of ${runs}\n`,
  );
  console.log('| worker | start (s) | RSS at start (MB) | peak RSS (MB) |');
  console.log('| ------ | --------: | ----------------: | ------------: |');
  for (const [name, list] of samples) {
    const row = [
      median(list.map((sample) => sample.startSeconds)).toFixed(1),
      median(list.map((sample) => sample.rssMb)).toFixed(0),
      median(list.map((sample) => sample.peakMb)).toFixed(0),
    ];
    console.log(`| ${name} | ${row.join(' | ')} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
