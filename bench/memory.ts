/**
 * `npm run bench:memory -- [--workflows N] [--no-preload]`: the worker's resident memory per
 * waiting transfer workflow (issue 17). Starts a Temporal dev server and, in this process, a worker
 * on the shipped workflow bundle (src/workflowBundle.ts) with a cache larger than N; starts N
 * transfer workflows that wait for their outcome (a day-long acceptance window), and prints the
 * RSS before and after, per workflow (MB and KB), and this process's CPU per workflow started.
 * Then checks that a signal payload is still validated in a cached workflow (a bad one is refused
 * with a warning, a good one settles it).
 * `--no-preload` bundles without preloadModules, to compare.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startDevServer } from '../src/devstack/devServer';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../src/config/workerTuning';
import { resolveTemporalCli } from '../src/devstack/temporalBinaries';
import { FAILURE_CONVERTER_PATH } from '../src/codec/dataConverter';
import { WORKFLOW_INTERCEPTORS_PATH } from '../src/observability/metricsSinks';
import { buildWorkflowBundle, WORKFLOWS_PATH } from '../src/workflowBundle';
import type { TransferWorkflowInput, TransferResult } from '../src/workflows/transferDefinitions';
import { waitingTransferInput } from './waitingTransferInput';

const HELP = `Usage: npm run bench:memory -- [--workflows N] [--cached-workflows N] [--no-preload]

Resident memory of the worker per waiting transfer workflow (all kept in the workflow cache).
  --workflows N   transfer workflows started and kept waiting (default 1000)
  --cached-workflows N
                  the worker's maxCachedWorkflows (default: all of them; ${DEFAULT_MAX_CACHED_WORKFLOWS} is the
                  product's default: the others are evicted and replayed when their outcome comes)
  --no-preload    bundle without preloadModules (the bundle before issue 17's cut), to compare
  --help          this text`;

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const mb = (bytes: number): number => Number((bytes / 2 ** 20).toFixed(1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** This process's peak resident set size in MB (Linux /proc/self/status VmHWM). */
function peakRssMb(): number | undefined {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workflows: { type: 'string', default: '1000' },
      'cached-workflows': { type: 'string' },
      'no-preload': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const n = Number(values.workflows);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--workflows must be a whole number from 1, got ${values.workflows}`);
  const cache = values['cached-workflows'] === undefined ? n + 20 : Number(values['cached-workflows']);
  if (!Number.isInteger(cache) || cache < 2)
    throw new Error(`--cached-workflows must be a whole number from 2, got ${values['cached-workflows']}`);

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const code = values['no-preload']
    ? (
        await bundleWorkflowCode({
          workflowsPath: WORKFLOWS_PATH,
          failureConverterPath: FAILURE_CONVERTER_PATH,
          workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
          logger: quiet,
        })
      ).code
    : await buildWorkflowBundle(quiet);
  const cli = await resolveTemporalCli({ install: false });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
  const server = await startDevServer({ cli: cli.path, logFile: path.join(tmp, 'temporal.log') });
  const taskQueue = `bench-memory-${Date.now()}`;
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection, namespace: server.namespace });
  const noop = { fn() {}, callDuringReplay: false };
  const worker = await Worker.create({
    connection,
    namespace: server.namespace,
    taskQueue,
    workflowBundle: { code },
    activities: {},
    sinks: { feedbackMetrics: { runEnded: noop, workflowTaskFailed: noop } },
    maxCachedWorkflows: cache,
  });
  const running = worker.run();
  try {
    const input = (i: number): TransferWorkflowInput => waitingTransferInput('bench-memory', i);
    const start = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, to - i) }, (_, k) =>
            client.workflow.start('transferWorkflow', {
              taskQueue,
              workflowId: `transfer-bench-memory-${i + k}`,
              args: [input(i + k)],
            }),
          ),
        );
      }
      // Every started workflow has run its first task: the cache holds as many as it can, and no
      // activation is in flight (the evicted ones wait on the server, not here).
      while (worker.getStatus().numCachedWorkflows < Math.min(to, cache)) await sleep(200);
      for (
        let idle = 0;
        idle < 3;
        idle = worker.getStatus().numInFlightWorkflowActivations === 0 ? idle + 1 : 0
      )
        await sleep(500);
      await sleep(2000);
    };
    // Warm-up: the bundle loaded, the first workflows' one-time costs paid.
    const warm = 20;
    await start(0, warm);
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    await start(warm, warm + n);
    const cpu = process.cpuUsage(cpu0);
    const after = process.memoryUsage().rss;
    console.log(
      JSON.stringify({
        preload: !values['no-preload'],
        workflows: n,
        maxCachedWorkflows: cache,
        cached: worker.getStatus().numCachedWorkflows,
        // The process's peak resident set (VmHWM): the bench's own client included.
        peakRssMB: peakRssMb(),
        rssBeforeMB: mb(before),
        rssAfterMB: mb(after),
        perWorkflowKB: Number(((after - before) / n / 1024).toFixed(1)),
        startSeconds: (Date.now() - t0) / 1000,
        // This process's CPU (worker and client; the server runs apart) per transfer started.
        cpuPerWorkflowMs: Number(((cpu.user + cpu.system) / 1000 / n).toFixed(2)),
      }),
    );
    // Validation still works in a cached workflow: a bad payload is a warning, a good one settles it.
    const handle = client.workflow.getHandle<(input: TransferWorkflowInput) => Promise<TransferResult>>(
      `transfer-bench-memory-${warm}`,
    );
    await handle.signal('transferEvent', { status: 'TRANSFERRED' });
    await handle.signal('transferSuperseded', { byTransferKey: 'K-newer', status: 'CONFIRMED' });
    const result = await handle.result();
    console.log(
      JSON.stringify({ checkedSignals: { warnings: result.warnings, settledBy: result.settledBy } }),
    );
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await clientConnection.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench memory: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
