/**
 * The benchmark's moving parts: a Temporal dev server (or an existing one), a worker in a child
 * process, and for every phase a fresh TIXNGO simulator and a fresh S-360 simulator on PostgreSQL
 * (a schema of its own, dropped afterwards). Phases: throughput through Temporal, the same volume
 * through the bare loop, and freshness under a cron schedule while changes keep arriving.
 */
import { z } from 'zod';
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { scheduleOrganizer } from '../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../src/client/unscheduleOrganizer';
import { dataConverterFromEnv } from '../src/codec/dataConverter';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE, generateCodecKeyEntry } from '../src/codec/keys';
import { s360KeyVariable, tixngoKeyVariable } from '../src/config/secrets';
import { generateTransferKeySecret, TRANSFER_KEY_SECRET_VARIABLE } from '../src/config/transferKeySecret';
import { startDevServer, type DevServer } from '../src/devstack/devServer';
import { freePort } from '../src/devstack/freePort';
import { resolveTemporalCli } from '../src/devstack/temporalBinaries';
import type { OrganizerSettingsInput } from '../src/domain/settings';
import { startS360Simulator, type S360Simulator } from '../src/sim/s360/server';
import { checkS360Invariants } from '../src/sim/s360/stateReader';
import { startTixngoSimulator, type TixngoSimulator } from '../src/sim/tixngo/server';
import type { FeedbackRunResult, FeedbackWorkflowInput } from '../src/workflows/definitions';
import { feedbackWorkflowId } from '../src/workflows/ids';
import { ORGANIZER_ID } from '../src/workflows/searchAttributes';
import type { WorkerTuning } from '../src/worker';
import { buildWorkflowBundle } from '../src/workflowBundle';
import { launcherEnv, workerLauncher } from '../src/devstack/workerLauncher';
import { runBareLoop } from './bareLoop';
import { measureHistoryCost, waitUntilClosed, type HistoryCost } from './historyCost';
import { readServerCounters, serverCounterMeter, type ServerCounterDelta } from './serverMetrics';
import {
  organizerIdsFor,
  runOrganizersPhase,
  type OrganizersFigures,
  type OrganizersOptions,
} from './organizers';
import { createFloorWorker, measureFloor, OPEN_WAIT_CLOSE, type FloorFigures } from './floor/measure';
import type { WorkerMessage } from './worker';
import {
  operationsBetween,
  scrapeServerOperations,
  scrapeWorker,
  scrapeWorkflowTasksByType,
  workerCountsBetween,
  type WorkerCounts,
} from './workerMetrics';

export interface BenchOptions {
  /** Diff items per throughput run, smallest first (cost growth). */
  sizes: number[];
  /** Share of the items that are transfer steps (each transfer: PENDING_TRANSFER, then its outcome). */
  transferShare: number;
  /** Cron cadence of the freshness phase. */
  cadenceMs: number;
  /** Length of the freshness phase (0: none) and the rate changes arrive at during it. */
  freshnessSeconds: number;
  freshnessRate: number;
  batchSize: number;
  pageBudget: number;
  tuning: WorkerTuning;
  /** Transfers of one page the bare loop handles at once. */
  bareConcurrency: number;
  bare: boolean;
  databaseUrl: string;
  /** Use this Temporal server instead of starting one. */
  temporalAddress?: string;
  /** A workflow bundle built with the failure converter (the tests have one); built here otherwise. */
  workflowBundlePath?: string;
  /** Dev server state in this SQLite file (in memory by default; implies one shared server). */
  dbFile?: string;
  /**
   * One shared dev server (and worker) for every phase, as before issue 17 item 1. By default each
   * throughput size gets a fresh dev server and a fresh worker of its own, its floor measured on that
   * server just before it: the in-memory SQLite of a shared server keeps every earlier phase's state.
   * Ignored (always shared) with `temporalAddress` or `dbFile`.
   */
  sharedServer?: boolean;
  seed: number;
  /** Open-wait-close children of the floor, on each size's server just before it (0 or unset: none). */
  floorChildren?: number;
  /** Per phase: give up after this long. */
  phaseTimeoutMs: number;
  /** Count the histories of each throughput phase through Temporal (bench/historyCost.ts); default true. */
  historyCost?: boolean;
  /** The many-organizers phase (bench/organizers.ts); none when absent or count 0. */
  organizers?: OrganizersOptions;
  log: (line: string) => void;
}

export interface WorkerMemoryFigures {
  atPeak: {
    rssMb: number;
    heapTotalMb: number;
    heapUsedMb: number;
    externalMb: number;
    arrayBuffersMb: number;
  };
  /** rss − heapTotal − external at that sample: the workflow thread's heap, the core, the allocator. */
  outsideMainHeapMb: number;
  hwmMb?: number;
  rssAnonMb?: number;
  rssFileMb?: number;
}

export interface ThroughputFigures {
  items: number;
  tickets: number;
  transfers: number;
  /** Until every diff item was applied (runs drained). */
  drainSeconds: number;
  /** Until every transfer was settled in S-360 too. */
  totalSeconds: number;
  itemsPerSecond: number;
  transfersSettledPerSecond: number;
  runs?: number;
  pages?: number;
  /** The worker's largest resident set during the phase. */
  workerPeakRssMb?: number;
  /**
   * The worker's largest main-thread V8 heap (heapTotal) during the phase. The workflows run in a
   * worker thread whose heap is not in it: most of the rest of the RSS is that thread's.
   */
  workerPeakHeapMb?: number;
  /**
   * Where the worker's memory was at the phase's largest RSS sample (process.memoryUsage of the main
   * thread, MB), and at the phase's end its kernel counts (/proc: VmHWM, the process's peak since it
   * started; RssAnon and RssFile now). The workflow thread's heap and the Rust core's allocations are
   * in rss − heapTotal − external.
   */
  workerMemory?: WorkerMemoryFigures;
  checks: { ticketsInS360: number; linesSettled: number };
  /** S-360 invariant violations after the phase (src/sim/s360/invariants.ts, on the changes served). */
  violations?: number;
  /** CPU seconds spent during the phase, per process (Linux /proc; the simulators run in the bench process). */
  cpuSeconds?: CpuSeconds;
  /** Events, billable actions and transactions the phase left in Temporal (through Temporal only). */
  history?: HistoryCost;
  /** The server's own `action` and `persistence_requests` counters over the phase (own dev server only). */
  serverCounters?: ServerCounterDelta;
  /** CPU milliseconds per transfer: cpuSeconds ÷ transfers (where the cost per transfer grows). */
  cpuMsPerTransfer?: { temporalServer?: number; worker: number };
  /** What the worker did (its core metrics' difference over the phase). */
  workerCounts?: WorkerCounts;
  /**
   * Every SERIES_EVERY_MS of the phase: seconds since its start, the server's and the worker's CPU
   * seconds and the server's persistence requests so far (how the cost per request moves as the
   * server's state grows).
   */
  series?: { seconds: number; serverCpu: number; workerCpu: number; persistenceRequests: number }[];
  /** The worker's CPU seconds over the phase: main thread, busiest other threads (/proc/<pid>/task; Linux only). */
  workerCpuByThread?: Record<string, number>;
  /** The worker's workflow tasks during the phase, by workflow type (largest first). */
  workflowTasksByType?: Record<string, number>;
  /** The dev server's persistence operations during the phase, by operation (largest first). */
  serverOperations?: Record<string, number>;
}

export interface CpuSeconds {
  worker: number;
  temporalServer?: number;
  /** This process: the simulators, the client, and the bare loop itself. */
  benchAndSimulators: number;
}

export interface FreshnessFigures {
  cadenceSeconds: number;
  seconds: number;
  ratePerSecond: number;
  appended: number;
  sampled: number;
  visible: number;
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
}

export interface BenchResult {
  date: string;
  machine: { nproc: number; memoryGiB: number; node: string; platform: string; loadAverage: number[] };
  options: Omit<BenchOptions, 'log'>;
  runs: {
    size: number;
    temporal: ThroughputFigures;
    bare?: ThroughputFigures;
    ratio?: number;
    /** The floor's open-wait-close child on this size's server, just before it. */
    floor?: FloorFigures;
    /** Transfers/s through Temporal ÷ this size's floor children/s. */
    floorRatio?: number;
    /** The Temporal server of this size: fresh (its own) or shared with the other phases. */
    server?: 'fresh' | 'shared';
  }[];
  /** The first size's floor (runs[].floor has each size's). */
  floor?: FloorFigures;
  freshness?: FreshnessFigures;
  organizers?: OrganizersFigures;
  /** The worker's peak resident set over the whole benchmark (VmHWM where Linux tells it). */
  workerPeakRssMb: number;
  loadAverageAfter: number[];
}

const TIXNGO_KEY = `bench-tixngo-${randomBytes(6).toString('hex')}`;
const S360_KEY = `bench-s360-${randomBytes(6).toString('hex')}`;

/** CPU seconds a process has used (user + system), from /proc; 0 where there is no /proc. */
function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds by thread (`main` for the main thread, else `<name>-<tid>`), from /proc/<pid>/task. */
function threadCpuSeconds(pid: number | undefined): Map<string, number> {
  const totals = new Map<string, number>();
  const dir = `/proc/${pid}/task`;
  if (pid === undefined || !existsSync(dir)) return totals;
  for (const tid of readdirSync(dir)) {
    try {
      const stat = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const name =
        tid === String(pid) ? 'main' : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}-${tid}`;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      totals.set(name, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the thread ended meanwhile
    }
  }
  return totals;
}

/** The main thread and the four busiest others by name; the rest summed as `other threads`. */
function busiestThreads(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const deltas = [...after]
    .map(([name, value]) => [name, value - (before.get(name) ?? 0)] as const)
    .filter(([, value]) => value > 0)
    .sort((x, y) => y[1] - x[1]);
  const kept = deltas
    .filter(([name]) => name === 'main')
    .concat(deltas.filter(([name]) => name !== 'main').slice(0, 4));
  const rest = deltas.filter((entry) => !kept.includes(entry)).reduce((sum, [, value]) => sum + value, 0);
  return Object.fromEntries(
    [...kept, ['other threads', rest] as const].map(([name, value]) => [name, round(value)]),
  );
}

/** How often the throughput phase samples the server's CPU and persistence requests. */
const SERIES_EVERY_MS = 15_000;

function cpuMeter(workerPid: number | undefined, serverPid: number | undefined): () => CpuSeconds {
  const start = {
    worker: processCpuSeconds(workerPid),
    server: processCpuSeconds(serverPid),
    self: process.cpuUsage(),
  };
  return () => {
    const self = process.cpuUsage(start.self);
    return {
      worker: round(processCpuSeconds(workerPid) - start.worker),
      temporalServer:
        serverPid === undefined ? undefined : round(processCpuSeconds(serverPid) - start.server),
      benchAndSimulators: round((self.user + self.system) / 1e6),
    };
  };
}

const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Tickets and transfers so that `items` diff items hold `share` of transfer steps (2 per transfer). */
export function volumeFor(items: number, share: number): { tickets: number; transferShare: number } {
  const transfers = Math.round((items * share) / 2);
  const tickets = items - 2 * transfers;
  return { tickets, transferShare: tickets > 0 ? transfers / tickets : 0 };
}

/**
 * The bench's dev server dynamic configuration: BENCH_DEV_SERVER_DYNAMIC_CONFIG, a JSON object of
 * dynamic config keys to values (e.g. `{"system.enableActivityEagerExecution":false}` to compare).
 */
function benchDynamicConfig(): Record<string, string | number | boolean> {
  const raw = process.env.BENCH_DEV_SERVER_DYNAMIC_CONFIG;
  if (!raw) return {};
  const parsed = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).parse(JSON.parse(raw));
  return parsed;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * How the benchmark starts its worker: through bin/worker-node, as the image does (the shipped
 * Node.js flags and environment), with tsx for the sources. BENCH_WORKER_NODE_ARGS: extra node flags
 * for the worker, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
export function benchWorkerForkOptions(env: NodeJS.ProcessEnv): ForkOptions {
  return {
    execPath: workerLauncher(),
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    cwd: path.join(__dirname, '..'),
    env: launcherEnv(env),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  };
}

class WorkerProcess {
  peakRss = 0;
  phasePeakRss = 0;
  phasePeakHeap = 0;
  /** The sample with the phase's largest RSS. */
  phasePeakSample: WorkerMessage | undefined;
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.on('message', (message: WorkerMessage) => {
      this.peakRss = Math.max(this.peakRss, message.rss);
      if (message.rss > this.phasePeakRss) this.phasePeakSample = message;
      this.phasePeakRss = Math.max(this.phasePeakRss, message.rss);
      this.phasePeakHeap = Math.max(this.phasePeakHeap, message.heap ?? 0);
    });
  }

  static async start(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
    const child = fork(path.join(__dirname, 'worker.ts'), [], benchWorkerForkOptions(env));
    const worker = new WorkerProcess(child);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerMessage): void => {
        if (message.type !== 'ready') return;
        child.off('message', onMessage);
        resolve();
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the bench worker exited with code ${code}`)));
    });
    return worker;
  }

  resetPhase(): void {
    this.phasePeakRss = 0;
    this.phasePeakHeap = 0;
    this.phasePeakSample = undefined;
  }

  /** The phase's memory figures (WorkerMemoryFigures); undefined before any sample. */
  memoryFigures(): WorkerMemoryFigures | undefined {
    const peak = this.phasePeakSample;
    if (!peak) return undefined;
    const kernel: Pick<WorkerMemoryFigures, 'hwmMb' | 'rssAnonMb' | 'rssFileMb'> = {};
    const status = `/proc/${this.child.pid}/status`;
    if (existsSync(status)) {
      const text = readFileSync(status, 'utf8');
      const kb = (field: string): number | undefined => {
        const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
        return match ? mb(Number(match[1]) * 1024) : undefined;
      };
      kernel.hwmMb = kb('VmHWM');
      kernel.rssAnonMb = kb('RssAnon');
      kernel.rssFileMb = kb('RssFile');
    }
    return {
      atPeak: {
        rssMb: mb(peak.rss),
        heapTotalMb: mb(peak.heap),
        heapUsedMb: mb(peak.heapUsed ?? 0),
        externalMb: mb(peak.external ?? 0),
        arrayBuffersMb: mb(peak.arrayBuffers ?? 0),
      },
      outsideMainHeapMb: mb(peak.rss - peak.heap - (peak.external ?? 0)),
      ...kernel,
    };
  }

  /** Peak RSS as the kernel counts it (Linux), else the largest sample. */
  highWaterMark(): number {
    const status = `/proc/${this.child.pid}/status`;
    if (existsSync(status)) {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
      if (match) return Math.max(this.peakRss, Number(match[1]) * 1024);
    }
    return this.peakRss;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.send('stop');
    const code = await Promise.race([this.exited, sleep(30_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') this.child.kill('SIGKILL');
  }
}

/** The organizer (and so workflow ids) of a throughput phase: unique per phase of a run. */
function throughputOrganizerId(path: 't' | 'b', index: number, size: number, suffix: string): string {
  return `bench-${path}${size}-${index + 1}-${suffix}`;
}

/** A Temporal server with a worker of the benchmark on it and a client (bench/harness.ts, runBench). */
interface Stack {
  address: string;
  namespace: string;
  /** The dev server's process and metrics (own dev server only). */
  serverPid?: number;
  serverMetricsUrl?: string;
  worker: WorkerProcess;
  /** The worker's core metrics. */
  metricsUrl: string;
  connection: Connection;
  client: Client;
  /** Stops the worker, the client and the server it started. */
  stop(): Promise<void>;
}

interface Phase {
  organizerId: string;
  tixngo: TixngoSimulator;
  s360: S360Simulator;
  schema: string;
  close(): Promise<void>;
}

/** How many S-360 invariants the phase broke, judged on every change its TIXNGO served (after the timing). */
async function violationsAfter(phase: Phase): Promise<number> {
  const steps: unknown[] = [];
  for (let index = 0; index < phase.tixngo.changes.size; index += 1)
    steps.push(phase.tixngo.changes.at(index));
  return (await checkS360Invariants(phase.s360.url, { steps })).length;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tixngo-bench-'));
  const suffix = randomBytes(4).toString('hex');
  const taskQueue = `bench-${suffix}`;
  const configFile = path.join(tmp, 'tixngo-feedback.json');
  const organizers: Record<string, OrganizerSettingsInput> = {};
  const writeConfig = (): void => writeFileSync(configFile, JSON.stringify({ organizers }, null, 2));
  const organizerIds = [
    ...options.sizes.flatMap((size, index) => [
      throughputOrganizerId('t', index, size, suffix),
      throughputOrganizerId('b', index, size, suffix),
    ]),
    `bench-fresh-${suffix}`,
    ...organizerIdsFor(options.organizers?.count ?? 0, suffix),
  ];
  const cleanups: (() => Promise<void>)[] = [];
  const pg = new PgClient({ connectionString: options.databaseUrl });
  await pg.connect();
  cleanups.push(() => pg.end());

  try {
    process.env[CODEC_KEYS_VARIABLE] ??= generateCodecKeyEntry('bench');
    process.env[CODEC_MODE_VARIABLE] = '';
    process.env[TRANSFER_KEY_SECRET_VARIABLE] ??= generateTransferKeySecret();

    let bundlePath = options.workflowBundlePath;
    if (!bundlePath) {
      const bundle = await buildWorkflowBundle(quietLogger());
      bundlePath = path.join(tmp, 'workflow-bundle.js');
      writeFileSync(bundlePath, bundle);
    }
    writeConfig();

    const secrets = Object.fromEntries(
      organizerIds.flatMap((id) => [
        [tixngoKeyVariable(id), TIXNGO_KEY],
        [s360KeyVariable(id), S360_KEY],
      ]),
    );
    const cli = options.temporalAddress ? undefined : await resolveTemporalCli({ install: true, log });
    let stacks = 0;
    /** A Temporal server (a fresh dev server unless one is given), a worker on it, and a client. */
    const startStack = async (): Promise<Stack> => {
      const stops: (() => Promise<void>)[] = [];
      const stop = async (): Promise<void> => {
        for (const step of stops.reverse()) await step().catch(() => undefined);
        stops.length = 0;
      };
      try {
        let address = options.temporalAddress;
        let namespace = 'default';
        let serverPid: number | undefined;
        let serverMetricsUrl: string | undefined;
        stacks += 1;
        if (!address && cli) {
          const server: DevServer = await startDevServer({
            cli: cli.path,
            dbFilename: options.dbFile,
            logFile: path.join(tmp, `temporal-dev-server-${stacks}.log`),
            dynamicConfig: benchDynamicConfig(),
          });
          stops.push(() => server.stop());
          address = server.address;
          namespace = server.namespace;
          serverPid = server.pid;
          serverMetricsUrl = server.metricsUrl;
          log(`Temporal dev server ${address} (pid ${server.pid})`);
        }
        if (!address) throw new Error('no Temporal server');
        const metricsPort = await freePort();
        const worker = await WorkerProcess.start({
          ...process.env,
          ...secrets,
          TEMPORAL_ADDRESS: address,
          TEMPORAL_NAMESPACE: namespace,
          TEMPORAL_TASK_QUEUE: taskQueue,
          TIXNGO_FEEDBACK_CONFIG: configFile,
          BENCH_WORKFLOW_BUNDLE: bundlePath,
          BENCH_WORKER_TUNING: JSON.stringify(options.tuning),
          BENCH_WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
        });
        stops.push(() => worker.stop());
        log(`worker pid ${worker.child.pid} on task queue ${taskQueue}`);
        // A 100 k run's feedback histories come in pages over gRPC's default 4 MB (historyCost.ts).
        const connection = await Connection.connect({
          address,
          channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 },
        });
        stops.push(() => connection.close());
        const client = new Client({
          connection,
          namespace,
          dataConverter: dataConverterFromEnv().dataConverter,
        });
        return {
          address,
          namespace,
          serverPid,
          serverMetricsUrl,
          worker,
          metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
          connection,
          client,
          stop,
        };
      } catch (error) {
        await stop();
        throw error;
      }
    };
    const fresh = !options.sharedServer && !options.temporalAddress && !options.dbFile;
    let stack = await startStack();
    cleanups.push(() => stack.stop());
    let workerPeakRss = 0;
    /** A fresh server and worker for what follows (fresh mode only), once the current one did some work. */
    const renewStack = async (): Promise<void> => {
      if (!fresh) return;
      workerPeakRss = Math.max(workerPeakRss, stack.worker.highWaterMark());
      await stack.stop();
      stack = await startStack();
    };
    let used = false;

    const startPhase = async (organizerId: string): Promise<Phase> => {
      const schema = `bench_${organizerId.replace(/[^a-z0-9]/g, '_')}`;
      const tixngo = await startTixngoSimulator({ apiKey: TIXNGO_KEY });
      const s360 = await startS360Simulator({
        databaseUrl: options.databaseUrl,
        schema,
        apiKeys: [S360_KEY],
      });
      organizers[organizerId] = {
        tixngo: { baseUrl: tixngo.url, timeoutMs: 60_000 },
        s360: { baseUrl: s360.url, timeoutMs: 60_000 },
        batchSize: options.batchSize,
        pageBudget: options.pageBudget,
      };
      writeConfig();
      return {
        organizerId,
        tixngo,
        s360,
        schema,
        async close() {
          await tixngo.close();
          await s360.close({ dropSchema: true });
        },
      };
    };

    const counts = async (schema: string): Promise<{ tickets: number; settled: number }> => {
      const { rows } = await pg.query<{ tickets: number; settled: number }>(
        `SELECT (SELECT count(*)::int FROM ${schema}.tickets) AS tickets,
                (SELECT count(*)::int FROM ${schema}.distribution_lines WHERE status <> 'PENDING') AS settled`,
      );
      return rows[0] ?? { tickets: 0, settled: 0 };
    };

    const waitFor = async (what: string, done: () => Promise<boolean>, since: number): Promise<void> => {
      while (!(await done())) {
        if (Date.now() - since > options.phaseTimeoutMs) {
          throw new Error(`gave up after ${options.phaseTimeoutMs / 1000} s waiting for ${what}`);
        }
        await sleep(250);
      }
    };

    const result: BenchResult = {
      date: new Date().toISOString(),
      machine: {
        nproc: os.availableParallelism(),
        memoryGiB: round(os.totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverage: os.loadavg().map((load) => round(load, 2)),
      },
      options: { ...options, log: undefined } as Omit<BenchOptions, 'log'>,
      runs: [],
      workerPeakRssMb: 0,
      loadAverageAfter: [],
    };

    for (const [index, size] of options.sizes.entries()) {
      const volume = volumeFor(size, options.transferShare);
      if (used) await renewStack();
      used = true;
      const { client, worker, serverPid, serverMetricsUrl, metricsUrl } = stack;

      // ---- the floor: open-wait-close children on this size's server, just before it ----
      let floor: FloorFigures | undefined;
      if (options.floorChildren) {
        log(`floor: ${options.floorChildren} open-wait-close children…`);
        floor = await runFloor(
          stack.address,
          stack.namespace,
          stack.connection,
          serverPid,
          options.floorChildren,
        );
        result.floor ??= floor;
        log(`  ${floor.childrenPerSecond} children/s`);
      }

      // ---- through Temporal: back-to-back runs of the organizer's workflow until drained ----
      // The phase index keeps workflow ids unique when a size repeats (`--items 10000,10000`).
      const phase = await startPhase(throughputOrganizerId('t', index, size, suffix));
      let temporal: ThroughputFigures;
      let sampler: NodeJS.Timeout | undefined;
      try {
        const generated = phase.tixngo.generate({ count: volume.tickets, ...volume, seed: options.seed });
        log(
          `${size} items: ${generated.tickets} tickets, ${generated.transfers} transfers, through Temporal…`,
        );
        worker.resetPhase();
        const cpu = cpuMeter(worker.child.pid, serverPid);
        const serverCounters = await serverCounterMeter(serverMetricsUrl);
        const metricsBefore = await scrapeWorker(metricsUrl);
        const tasksBefore = await scrapeWorkflowTasksByType(metricsUrl);
        const operationsBefore = await scrapeServerOperations(serverMetricsUrl);
        const threadsBefore = threadCpuSeconds(worker.child.pid);
        const started = Date.now();
        const series: NonNullable<ThroughputFigures['series']> = [];
        const sample = async (): Promise<void> => {
          const counters = serverMetricsUrl
            ? await readServerCounters(serverMetricsUrl).catch(() => undefined)
            : undefined;
          const now = cpu();
          series.push({
            seconds: round((Date.now() - started) / 1000),
            serverCpu: now.temporalServer ?? 0,
            workerCpu: now.worker,
            persistenceRequests: Object.values(counters?.persistence ?? {}).reduce((a, b) => a + b, 0),
          });
        };
        await sample();
        sampler = setInterval(() => void sample(), SERIES_EVERY_MS);
        let paginationKey: string | undefined;
        let runs = 0;
        let pages = 0;
        let items = 0;
        for (;;) {
          const input: FeedbackWorkflowInput = {
            organizerId: phase.organizerId,
            paginationKey,
            skipTickets: [],
            openRejections: [],
          };
          const handle = await client.workflow.start('feedbackWorkflow', {
            workflowId: feedbackWorkflowId(phase.organizerId),
            taskQueue,
            args: [input],
            typedSearchAttributes: [{ key: ORGANIZER_ID, value: phase.organizerId }],
          });
          const run = (await handle.result()) as FeedbackRunResult;
          runs += 1;
          pages += run.pages;
          items += run.items;
          paginationKey = run.paginationKey;
          if (run.stoppedBy === 'drained') break;
          if (
            run.stoppedBy === 'sync-error' ||
            run.stoppedBy === 'halted' ||
            run.stoppedBy === 'not-started'
          ) {
            throw new Error(`run ${runs} stopped by ${run.stoppedBy}`);
          }
          if (Date.now() - started > options.phaseTimeoutMs) throw new Error('gave up draining');
        }
        const drained = Date.now();
        await waitFor(
          `${generated.transfers} settled transfers`,
          async () => (await counts(phase.schema)).settled >= generated.transfers,
          started,
        );
        const settled = Date.now();
        clearInterval(sampler);
        await sample();
        const check = await counts(phase.schema);
        temporal = figures(size, generated, started, drained, settled, check);
        temporal.runs = runs;
        temporal.pages = pages;
        temporal.workerPeakRssMb = mb(worker.phasePeakRss);
        temporal.workerPeakHeapMb = mb(worker.phasePeakHeap);
        temporal.workerMemory = worker.memoryFigures();
        temporal.cpuSeconds = cpu();
        temporal.series = series;
        const threadsAfter = threadCpuSeconds(worker.child.pid);
        temporal.workerCpuByThread = busiestThreads(threadsBefore, threadsAfter);
        temporal.cpuMsPerTransfer = perTransfer(temporal.cpuSeconds, generated.transfers);
        const metricsAfter = await scrapeWorker(metricsUrl);
        const tasksAfter = await scrapeWorkflowTasksByType(metricsUrl);
        if (tasksBefore && tasksAfter)
          temporal.workflowTasksByType = operationsBetween(tasksBefore, tasksAfter);
        if (metricsBefore && metricsAfter)
          temporal.workerCounts = workerCountsBetween(metricsBefore, metricsAfter);
        const operationsAfter = await scrapeServerOperations(serverMetricsUrl);
        if (operationsBefore && operationsAfter)
          temporal.serverOperations = operationsBetween(operationsBefore, operationsAfter);
        temporal.violations = await violationsAfter(phase);
        if (options.historyCost !== false) {
          const query = `OrganizerId = '${phase.organizerId}'`;
          await waitUntilClosed(client, query, 60_000);
          temporal.serverCounters = await serverCounters();
          // Counting is after the timing: a failure to read a history loses the count, not the run.
          temporal.history = await measureHistoryCost(client, {
            query,
            changes: size,
            transfers: generated.transfers,
          }).catch((error: unknown) => {
            log(`  history not counted: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
          });
        }
        if (items !== size) log(`  note: the runs counted ${items} items for ${size} generated`);
        log(
          `  ${temporal.itemsPerSecond} items/s, ${temporal.transfersSettledPerSecond} transfers/s, ${temporal.violations} violation(s)`,
        );
      } finally {
        clearInterval(sampler);
        await phase.close();
      }

      // ---- the bare loop: the same HTTP calls, no Temporal ----
      let bare: ThroughputFigures | undefined;
      if (options.bare) {
        const barePhase = await startPhase(throughputOrganizerId('b', index, size, suffix));
        try {
          const generated = barePhase.tixngo.generate({
            count: volume.tickets,
            ...volume,
            seed: options.seed,
          });
          log(`${size} items through the bare loop…`);
          const cpu = cpuMeter(worker.child.pid, serverPid);
          const started = Date.now();
          await runBareLoop({
            organizerId: barePhase.organizerId,
            tixngoUrl: barePhase.tixngo.url,
            tixngoKey: TIXNGO_KEY,
            s360Url: barePhase.s360.url,
            s360Key: S360_KEY,
            batchSize: options.batchSize,
            concurrency: options.bareConcurrency,
          });
          const done = Date.now();
          bare = figures(size, generated, started, done, done, await counts(barePhase.schema));
          bare.cpuSeconds = cpu();
          bare.violations = await violationsAfter(barePhase);
          log(`  ${bare.itemsPerSecond} items/s, ${bare.transfersSettledPerSecond} transfers/s`);
        } finally {
          await barePhase.close();
        }
      }
      result.runs.push({
        size,
        temporal,
        bare,
        ratio: bare ? round(temporal.itemsPerSecond / bare.itemsPerSecond, 2) : undefined,
        floor,
        floorRatio: floor
          ? round(temporal.transfersSettledPerSecond / floor.childrenPerSecond, 2)
          : undefined,
        server: fresh ? 'fresh' : 'shared',
      });
    }

    const more = options.freshnessSeconds > 0 || (options.organizers?.count ?? 0) > 0;
    if (more && used) await renewStack();
    if (options.freshnessSeconds > 0) {
      const phase = await startPhase(`bench-fresh-${suffix}`);
      result.freshness = await measureFreshness(options, stack.client, taskQueue, phase, counts, log);
    }
    if (options.organizers && options.organizers.count > 0) {
      // Transfers the freshness phase left open retry against its closed simulators: on a server and
      // worker of their own, they cannot weigh on this phase's lateness and CPU per idle run.
      if (options.freshnessSeconds > 0 && fresh) await renewStack();
      const { client, worker, serverPid, serverMetricsUrl } = stack;
      result.organizers = await runOrganizersPhase(
        {
          client,
          taskQueue,
          databaseUrl: options.databaseUrl,
          tixngoKey: TIXNGO_KEY,
          s360Key: S360_KEY,
          suffix,
          seed: options.seed,
          batchSize: options.batchSize,
          configure: (id, settings) => {
            organizers[id] = settings;
            writeConfig();
          },
          cpuMeter: () => cpuMeter(worker.child.pid, serverPid),
          serverCounters: () => serverCounterMeter(serverMetricsUrl),
          workerPeak: { reset: () => worker.resetPhase(), read: () => worker.phasePeakRss },
          log,
        },
        options.organizers,
      );
    }
    result.workerPeakRssMb = mb(Math.max(workerPeakRss, stack.worker.highWaterMark()));
    result.loadAverageAfter = os.loadavg().map((load) => round(load, 2));
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function perTransfer(cpu: CpuSeconds, transfers: number): ThroughputFigures['cpuMsPerTransfer'] {
  if (transfers === 0) return undefined;
  const ms = (seconds: number): number => round((seconds / transfers) * 1000);
  return {
    temporalServer: cpu.temporalServer === undefined ? undefined : ms(cpu.temporalServer),
    worker: ms(cpu.worker),
  };
}

/** The floor's open-wait-close child (bench/floor) on the benchmark's server, with a worker of this process. */
async function runFloor(
  address: string,
  namespace: string,
  clientConnection: Connection,
  serverPid: number | undefined,
  children: number,
): Promise<FloorFigures> {
  // The floor's workflows use Temporal's plain payloads (no codec): a client of their own.
  const client = new Client({ connection: clientConnection, namespace });
  const connection = await NativeConnection.connect({ address });
  const taskQueue = `bench-floor-${randomBytes(4).toString('hex')}`;
  try {
    const worker = await createFloorWorker(connection, taskQueue, namespace);
    const running = worker.run();
    try {
      return await measureFloor({ client, taskQueue, variant: OPEN_WAIT_CLOSE, children, serverPid });
    } finally {
      worker.shutdown();
      await running;
    }
  } finally {
    await connection.close();
  }
}

function figures(
  size: number,
  generated: { tickets: number; transfers: number },
  started: number,
  drained: number,
  settled: number,
  check: { tickets: number; settled: number },
): ThroughputFigures {
  const total = Math.max(1, settled - started) / 1000;
  return {
    items: size,
    tickets: generated.tickets,
    transfers: generated.transfers,
    drainSeconds: round((drained - started) / 1000),
    totalSeconds: round(total),
    itemsPerSecond: round(size / total),
    transfersSettledPerSecond: round(generated.transfers / total),
    checks: { ticketsInS360: check.tickets, linesSettled: check.settled },
  };
}

/**
 * Changes arrive at a steady rate (a new batch every second) while the organizer runs on its cron
 * schedule; each ticket's freshness is the time from its batch's arrival in TIXNGO to the moment
 * S-360 first holds it (the row's creation time in PostgreSQL).
 */
async function measureFreshness(
  options: BenchOptions,
  client: Client,
  taskQueue: string,
  phase: Phase,
  counts: (schema: string) => Promise<{ tickets: number; settled: number }>,
  log: (line: string) => void,
): Promise<FreshnessFigures> {
  const cadenceSeconds = Math.round(options.cadenceMs / 1000);
  try {
    await scheduleOrganizer(client, {
      organizerId: phase.organizerId,
      cronSchedule: `@every ${cadenceSeconds}s`,
      taskQueue,
    });
    log(
      `freshness: ${options.freshnessRate} items/s for ${options.freshnessSeconds} s, cron every ${cadenceSeconds} s…`,
    );
    const arrivedAt = new Map<string, number>();
    let appended = 0;
    let tickets = 0;
    const started = Date.now();
    for (let second = 0; second < options.freshnessSeconds; second += 1) {
      const prefix = `F${second}-`;
      const volume = volumeFor(options.freshnessRate, options.transferShare);
      const generated = phase.tixngo.generate({
        count: volume.tickets,
        transferShare: volume.transferShare,
        seed: options.seed + second + 1,
        ticketPrefix: prefix,
      });
      arrivedAt.set(prefix, Date.now());
      appended += generated.changes;
      tickets += generated.tickets;
      await sleep(Math.max(0, started + (second + 1) * 1000 - Date.now()));
    }
    await (async () => {
      const deadline = Date.now() + 4 * options.cadenceMs + 120_000;
      while ((await counts(phase.schema)).tickets < tickets && Date.now() < deadline) await sleep(500);
    })();
    const { rows } = await freshnessRows(options.databaseUrl, phase.schema);
    const lags = rows
      .map((row) => {
        const prefix = /^F\d+-/.exec(row.ticket_id)?.[0];
        const arrived = prefix ? arrivedAt.get(prefix) : undefined;
        return arrived === undefined ? Number.NaN : (row.created_at.getTime() - arrived) / 1000;
      })
      .filter((lag) => !Number.isNaN(lag))
      .sort((a, b) => a - b);
    return {
      cadenceSeconds,
      seconds: options.freshnessSeconds,
      ratePerSecond: options.freshnessRate,
      appended,
      sampled: tickets,
      visible: lags.length,
      p50Seconds: round(percentile(lags, 50)),
      p95Seconds: round(percentile(lags, 95)),
      maxSeconds: round(percentile(lags, 100)),
    };
  } finally {
    await unscheduleOrganizer(client, phase.organizerId, 'benchmark done').catch(() => undefined);
    await phase.close();
  }
}

async function freshnessRows(
  databaseUrl: string,
  schema: string,
): Promise<{ rows: { ticket_id: string; created_at: Date }[] }> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    return await pg.query<{ ticket_id: string; created_at: Date }>(
      `SELECT ticket_id, created_at FROM ${schema}.tickets`,
    );
  } finally {
    await pg.end();
  }
}

function quietLogger() {
  const noop = (): void => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}
