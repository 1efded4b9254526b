/**
 * `npm run bench:memory -- [--workflows N] [--cached-workflows N] [--in-process] [--no-preload]`:
 * the worker's resident memory per waiting transfer workflow (issue 17). Starts a Temporal dev
 * server and the worker as it ships (src/devstack/workerProcess.ts: `src/worker.ts` in a process of
 * its own, through bin/worker-node, on the shipped workflow bundle, the cache from
 * TIXNGO_FEEDBACK_MAX_CACHED_WORKFLOWS); starts N transfer workflows that wait for their outcome (a
 * day-long acceptance window), and prints the worker's RSS before and after (Linux /proc), its peak
 * (VmHWM), per workflow (MB and KB), and its CPU per workflow started. Then checks that a signal
 * payload is still validated in a cached workflow (a bad one is refused with a warning, a good one
 * settles it).
 * `--in-process` runs the worker in this process instead (with the client: the figures include it);
 * `--no-preload` (in process only) bundles without preloadModules, to compare.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dataConverterFromEnv, FAILURE_CONVERTER_PATH } from '../src/codec/dataConverter';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE, generateCodecKeyEntry } from '../src/codec/keys';
import { generateTransferKeySecret, TRANSFER_KEY_SECRET_VARIABLE } from '../src/config/transferKeySecret';
import { DEFAULT_MAX_CACHED_WORKFLOWS, MAX_CACHED_WORKFLOWS_VARIABLE } from '../src/config/workerTuning';
import { startDevServer } from '../src/devstack/devServer';
import { resolveTemporalCli } from '../src/devstack/temporalBinaries';
import { startWorkerProcess, writeConfigFile } from '../src/devstack/workerProcess';
import { WORKFLOW_INTERCEPTORS_PATH } from '../src/observability/metricsSinks';
import { buildWorkflowBundle, WORKFLOWS_PATH } from '../src/workflowBundle';
import type { TransferWorkflowInput, TransferResult } from '../src/workflows/transferDefinitions';
import { waitingTransferInput } from './waitingTransferInput';

const HELP = `Usage: npm run bench:memory -- [--workflows N] [--cached-workflows N] [--in-process] [--no-preload]

Resident memory of the worker per waiting transfer workflow. By default the worker runs as it ships,
in a process of its own (bin/worker-node src/worker.ts: the shipped Node flags and environment), and
only its memory is measured.
  --workflows N   transfer workflows started and kept waiting (default 1000)
  --cached-workflows N
                  the worker's maxCachedWorkflows (default: all of them; ${DEFAULT_MAX_CACHED_WORKFLOWS} is the
                  product's default: the others are evicted and replayed when their outcome comes)
  --compiled FILE run this compiled worker (dist/worker.js of npm run build, as the image does) with
                  the bundle next to it, instead of src/worker.ts through tsx
  --in-process    run the worker in this process, beside the bundler and the client (the figures
                  include them; how it was measured before)
  --no-preload    with --in-process: bundle without preloadModules (the bundle before issue 17's cut)
  --help          this text`;

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const mb = (bytes: number): number => Number((bytes / 2 ** 20).toFixed(1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process's resident set now and its peak (VmRSS, VmHWM), in bytes (Linux /proc). */
function residentOf(pid: number | 'self'): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** A process's CPU seconds (user + system), from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The worker under measurement: the shipped process (default) or one in this process. */
interface MeasuredWorker {
  /** The process whose memory and CPU are measured. */
  pid: number | 'self';
  /** Resolves once every workflow started so far has run its first task and the worker is idle. */
  settled(handles: readonly WorkflowHandle[], cache: number): Promise<void>;
  stop(): Promise<void>;
}

/** Every handle's first workflow task completed (none pending), then the worker's CPU idle for 1.5 s. */
async function settledOnServer(handles: readonly WorkflowHandle[], pid: number | 'self'): Promise<void> {
  for (let i = 0; i < handles.length; i += 100) {
    for (;;) {
      const described = await Promise.all(handles.slice(i, i + 100).map((handle) => handle.describe()));
      if (described.every((d) => d.historyLength >= 4 && !d.raw.pendingWorkflowTask)) break;
      await sleep(500);
    }
  }
  for (let idle = 0; idle < 3;) {
    const before = cpuSecondsOf(pid);
    await sleep(500);
    idle = cpuSecondsOf(pid) - before < 0.05 ? idle + 1 : 0;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workflows: { type: 'string', default: '1000' },
      'cached-workflows': { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      compiled: { type: 'string' },
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
  if (values['no-preload'] && !values['in-process']) throw new Error('--no-preload needs --in-process');
  process.env[CODEC_KEYS_VARIABLE] ??= generateCodecKeyEntry('bench');
  process.env[CODEC_MODE_VARIABLE] = '';
  process.env[TRANSFER_KEY_SECRET_VARIABLE] ??= generateTransferKeySecret();

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
  const { dataConverter } = dataConverterFromEnv();
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection, namespace: server.namespace, dataConverter });
  let worker: MeasuredWorker | undefined;
  try {
    if (values['in-process']) {
      const connection = await NativeConnection.connect({ address: server.address });
      const noop = { fn() {}, callDuringReplay: false };
      const inProcess = await Worker.create({
        connection,
        namespace: server.namespace,
        taskQueue,
        workflowBundle: { code },
        activities: {},
        dataConverter,
        sinks: { feedbackMetrics: { runEnded: noop, workflowTaskFailed: noop } },
        maxCachedWorkflows: cache,
      });
      const running = inProcess.run();
      worker = {
        pid: 'self',
        async settled(handles, size) {
          while (inProcess.getStatus().numCachedWorkflows < Math.min(handles.length, size)) await sleep(200);
          await settledOnServer(handles, 'self');
        },
        async stop() {
          inProcess.shutdown();
          await running.catch(() => undefined);
          await connection.close();
        },
      };
    } else {
      const bundleFile = path.join(tmp, 'workflow-bundle.js');
      writeFileSync(bundleFile, code);
      const child = await startWorkerProcess({
        address: server.address,
        taskQueue,
        configFile: writeConfigFile({ organizers: {} }),
        secrets: {},
        compiledWorker: values.compiled && path.resolve(values.compiled),
        // A compiled worker takes the bundle next to it, as in the image.
        workflowBundle: values.compiled ? undefined : bundleFile,
        env: { [MAX_CACHED_WORKFLOWS_VARIABLE]: String(cache), METRICS_PORT: '0' },
      });
      const pid = child.process.pid as number;
      worker = { pid, settled: (handles) => settledOnServer(handles, pid), stop: () => child.stop() };
    }
    const measured = worker;
    const input = (i: number): TransferWorkflowInput => waitingTransferInput('bench-memory', i);
    const handles: WorkflowHandle[] = [];
    const start = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i += 100) {
        handles.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(100, to - i) }, (_, k) =>
              client.workflow.start('transferWorkflow', {
                taskQueue,
                workflowId: `transfer-bench-memory-${i + k}`,
                args: [input(i + k)],
              }),
            ),
          )),
        );
      }
      // Every started workflow has run its first task: the cache holds as many as it can, and no
      // activation is in flight (the evicted ones wait on the server, not here).
      await measured.settled(handles, cache);
    };
    // Warm-up: the bundle loaded, the first workflows' one-time costs paid.
    const warm = 20;
    await start(0, warm);
    const before = residentOf(measured.pid);
    const t0 = Date.now();
    const cpu0 = cpuSecondsOf(measured.pid);
    await start(warm, warm + n);
    const cpu = cpuSecondsOf(measured.pid) - cpu0;
    const after = residentOf(measured.pid);
    console.log(
      JSON.stringify({
        worker: values['in-process']
          ? 'in this process (with the bundler and the client)'
          : `its own process: ${values.compiled ?? 'src/worker.ts through tsx'}`,
        preload: !values['no-preload'],
        workflows: n,
        maxCachedWorkflows: cache,
        // The worker's peak resident set (VmHWM) since it started.
        peakRssMB: mb(after.peak),
        rssBeforeMB: mb(before.rss),
        rssAfterMB: mb(after.rss),
        perWorkflowKB: Number(((after.rss - before.rss) / n / 1024).toFixed(1)),
        startSeconds: (Date.now() - t0) / 1000,
        // The measured process's CPU per transfer started (in process: the client's too).
        cpuPerWorkflowMs: Number(((cpu * 1000) / n).toFixed(2)),
        load: os.loadavg().map((value) => Number(value.toFixed(2))),
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
    await worker?.stop();
    await clientConnection.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench memory: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
