/**
 * `npm run bench -- --items 100000 --transfers 0.1 --cadence 15s`: see --help and BENCHMARKS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { durationMs } from '../src/domain/settings';
import { runBench, type BenchOptions, type BenchResult, type ThroughputFigures } from './harness';
import { formatHistoryCost } from './historyCost';
import { DEFAULT_ORGANIZERS_OPTIONS, formatOrganizers } from './organizers';

const HELP = `Usage: npm run bench -- [options]

Drains generated TIXNGO diff items through Temporal into the S-360 simulator (PostgreSQL), then the
same items through a bare loop making the same HTTP calls without Temporal, and measures freshness
under a cron schedule. Prints a table and writes a JSON result.

  --items N[,M…]          diff items per throughput run (default 100000: runs 10000 then 100000,
                          a tenth of N first to show how cost grows; a list runs exactly its
                          sizes, e.g. 0,100000 for 100 000 only; 0: none)
  --transfers S           share of the items that are transfer steps, 0..1 (default 0.1)
  --cadence D             cron cadence of the freshness phase (default 15s)
  --fresh-seconds N       length of the freshness phase in seconds (default 60; 0: skip it)
  --fresh-rate N          items per second arriving during the freshness phase (default 500)
  --batch-size N          diff page size (default 1000)
  --page-budget N         pages per run (default 50)
  --activities N          worker: maxConcurrentActivityTaskExecutions (Temporal's default when unset)
  --workflow-tasks N      worker: maxConcurrentWorkflowTaskExecutions
  --local-activities N    worker: maxConcurrentLocalActivityExecutions
  --workflow-threads N    worker: workflowThreadPoolSize (Temporal's default 1)
  --cached-workflows N    worker: maxCachedWorkflows (default 500; 0 = Temporal's default, ~2300 here)
  --bare-concurrency N    transfers of one page the bare loop handles at once (default 8)
  --floor N               open-wait-close children of the floor, on each size's server just before
                          it (default 500; 0: skip); prints transfers/s ÷ that floor's children/s
  --shared-server         one dev server and worker for every phase (default: each throughput size
                          on a fresh dev server and worker of its own, then a fresh one for the
                          freshness and organizers phases; always shared with --temporal or --db)
  --no-bare               skip the bare loop
  --no-history            do not count the throughput phases' histories (events, Temporal Cloud
                          actions per 1 000 changes and per transfer; bench/historyCost.ts)
  --organizers N          many-organizers phase: N organizers scheduled at once on one worker, each
                          @every 15s with a trickle of changes, the first one's TIXNGO timing out;
                          prints run start lateness, worker RSS, server CPU per idle run (default 0: none)
  --organizers-seconds N  how long changes keep arriving in that phase (default 120)
  --organizers-cadence D  the organizers' cadence (default 15s)
  --organizers-idle-seconds N
                          then a window with no changes, for the CPU of an idle run (default 30)
  --organizers-spread     schedule the organizers one cadence ÷ N apart, so their runs fire spread
                          over the cadence (default: one after the other, all within seconds)
  --temporal ADDRESS      use this Temporal server instead of starting a dev server
  --db FILE               the dev server keeps its state in this SQLite file (default: in memory)
  --seed N                generator seed (default 1)
  --timeout D             give up a phase after this long (default 30m)
  --out FILE              JSON result (default bench/results/<date>.json)
  --help

Environment: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test).`;

function parseArgs(argv: readonly string[]): { options: BenchOptions; out?: string } | undefined {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return undefined;
    if (
      arg === '--no-bare' ||
      arg === '--no-history' ||
      arg === '--shared-server' ||
      arg === '--organizers-spread'
    ) {
      flags.add(arg);
      continue;
    }
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!name.startsWith('--')) throw new Error(`unexpected argument "${arg}" (see --help)`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined) throw new Error(`${name} needs a value (see --help)`);
    values.set(name, value);
  }
  const known = [
    '--items',
    '--transfers',
    '--cadence',
    '--fresh-seconds',
    '--fresh-rate',
    '--batch-size',
    '--page-budget',
    '--activities',
    '--workflow-tasks',
    '--local-activities',
    '--workflow-threads',
    '--cached-workflows',
    '--bare-concurrency',
    '--floor',
    '--temporal',
    '--db',
    '--seed',
    '--timeout',
    '--out',
    '--organizers',
    '--organizers-seconds',
    '--organizers-cadence',
    '--organizers-idle-seconds',
  ];
  for (const name of values.keys()) {
    if (!known.includes(name)) throw new Error(`unknown option ${name} (see --help)`);
  }
  const int = (name: string, fallback: number, min = 0): number => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
    return value;
  };
  const optionalInt = (name: string): number | undefined => (values.has(name) ? int(name, 0, 1) : undefined);
  const itemsText = values.get('--items') ?? '100000';
  let sizes = itemsText.split(',').map((text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error('--items must be positive integers (or 0)');
    return value;
  });
  sizes = sizes.filter((size) => size > 0);
  // One size N (≥ 1 000) runs N ÷ 10 first; a list (e.g. 0,100000) runs exactly its sizes.
  if (!itemsText.includes(',') && sizes.length === 1 && (sizes[0] as number) >= 1000)
    sizes = [(sizes[0] as number) / 10, sizes[0] as number];
  sizes = sizes.map(Math.round).sort((a, b) => a - b);
  const transferShare = Number(values.get('--transfers') ?? '0.1');
  if (!(transferShare >= 0 && transferShare <= 1)) throw new Error('--transfers must be from 0 to 1');
  const tuning: BenchOptions['tuning'] = {};
  const activities = optionalInt('--activities');
  const workflowTasks = optionalInt('--workflow-tasks');
  const cached = values.get('--cached-workflows') === '0' ? undefined : int('--cached-workflows', 500, 2);
  if (activities !== undefined) tuning.maxConcurrentActivityTaskExecutions = activities;
  if (workflowTasks !== undefined) tuning.maxConcurrentWorkflowTaskExecutions = workflowTasks;
  const localActivities = optionalInt('--local-activities');
  if (localActivities !== undefined) tuning.maxConcurrentLocalActivityExecutions = localActivities;
  const threads = optionalInt('--workflow-threads');
  if (threads !== undefined) tuning.workflowThreadPoolSize = threads;
  if (cached !== undefined) tuning.maxCachedWorkflows = cached;
  return {
    out: values.get('--out'),
    options: {
      sizes,
      transferShare,
      cadenceMs: durationMs(values.get('--cadence') ?? '15s'),
      freshnessSeconds: int('--fresh-seconds', 60),
      freshnessRate: int('--fresh-rate', 500, 1),
      batchSize: int('--batch-size', 1000, 1),
      pageBudget: int('--page-budget', 50, 1),
      tuning,
      bareConcurrency: int('--bare-concurrency', 8, 1),
      bare: !flags.has('--no-bare'),
      sharedServer: flags.has('--shared-server'),
      databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
      temporalAddress: values.get('--temporal'),
      dbFile: values.get('--db'),
      seed: int('--seed', 1),
      floorChildren: int('--floor', 500),
      phaseTimeoutMs: durationMs(values.get('--timeout') ?? '30m'),
      historyCost: !flags.has('--no-history'),
      organizers: {
        ...DEFAULT_ORGANIZERS_OPTIONS,
        count: int('--organizers', 0),
        seconds: int('--organizers-seconds', DEFAULT_ORGANIZERS_OPTIONS.seconds, 1),
        cadenceMs: durationMs(values.get('--organizers-cadence') ?? '15s'),
        idleSeconds: int('--organizers-idle-seconds', DEFAULT_ORGANIZERS_OPTIONS.idleSeconds, 1),
        spread: flags.has('--organizers-spread'),
      },
      log: (line) => void process.stderr.write(`[bench] ${line}\n`),
    },
  };
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '))
    .join('\n');
}

/** The dev server's persistence operations that run on its timers, whatever the load. */
const PERIODIC = /Namespace|ClusterMetadata|ClusterMembers|Heartbeat/;

export function formatResult(result: BenchResult): string {
  const line = (label: string, figures: ThroughputFigures | undefined): string[] =>
    figures
      ? [
          label,
          String(figures.items),
          String(figures.transfers),
          String(figures.drainSeconds),
          String(figures.totalSeconds),
          String(figures.itemsPerSecond),
          String(figures.transfersSettledPerSecond),
          figures.workerPeakRssMb === undefined ? '' : String(figures.workerPeakRssMb),
          figures.violations === undefined ? '' : String(figures.violations),
          figures.cpuSeconds
            ? [
                figures.cpuSeconds.temporalServer ?? '-',
                figures.cpuSeconds.worker,
                figures.cpuSeconds.benchAndSimulators,
              ].join(' / ')
            : '',
        ]
      : [label, '', '', '', '', '', '', '', '', ''];
  const rows = [
    [
      'path',
      'items',
      'transfers',
      'drain s',
      'total s',
      'items/s',
      'transfers/s',
      'worker RSS MB',
      'violations',
    ],
  ];
  for (const run of result.runs) {
    rows.push(line('temporal', run.temporal));
    if (run.bare) rows.push(line('bare loop', run.bare));
    if (run.ratio !== undefined) rows.push(['ratio', '', '', '', '', `${run.ratio}×`, '', '', '', '']);
    if (run.floorRatio !== undefined)
      rows.push(['÷ floor', '', '', '', '', '', `${run.floorRatio}×`, '', '', '']);
  }
  const m = result.machine;
  const parts = [
    `${result.date}  ${m.nproc} cores, ${m.memoryGiB} GiB, node ${m.node}, load ${m.loadAverage.join(' ')} → ${result.loadAverageAfter.join(' ')}`,
    table(rows),
  ];
  const floors = result.runs.flatMap((run) => {
    const fl = run.floor;
    if (!fl) return [];
    return [
      `floor before ${run.size} items (${run.server ?? 'shared'} server; ${fl.variant}, ${fl.children} children): ${fl.childrenPerSecond}/s, CPU ms per child server ${fl.serverCpuMsPerChild ?? '-'} / worker ${fl.workerCpuMsPerChild}`,
    ];
  });
  parts.splice(1, 0, ...floors);
  const costRows = [
    [
      'items',
      'ms/transfer server',
      'worker',
      'workflow tasks',
      'cache miss',
      'evictions',
      'local acts',
      'main heap MB',
    ],
  ];
  for (const run of result.runs) {
    const t = run.temporal;
    const c = t.workerCounts;
    costRows.push([
      String(t.items),
      String(t.cpuMsPerTransfer?.temporalServer ?? '-'),
      String(t.cpuMsPerTransfer?.worker ?? '-'),
      ...(c
        ? [c.workflowTasks, c.stickyCacheMisses, c.forcedEvictions, c.localActivities].map(String)
        : ['-', '-', '-', '-']),
      String(t.workerPeakHeapMb ?? '-'),
    ]);
  }
  parts.push(`through Temporal, per phase:\n${table(costRows)}`);
  for (const run of result.runs) {
    const m = run.temporal.workerMemory;
    if (!m) continue;
    const p = m.atPeak;
    parts.push(
      `worker memory at ${run.size} items, largest sample: RSS ${p.rssMb} MB = main heap ${p.heapTotalMb} (used ${p.heapUsedMb})` +
        ` + external ${p.externalMb} (array buffers ${p.arrayBuffersMb}) + rest ${m.outsideMainHeapMb}` +
        ` (workflow thread, core, allocator); VmHWM ${m.hwmMb ?? '-'} MB, now RssAnon ${m.rssAnonMb ?? '-'} / RssFile ${m.rssFileMb ?? '-'} MB`,
    );
  }
  for (const run of result.runs) {
    const { serverOperations, transfers, items } = run.temporal;
    if (!serverOperations || transfers === 0) continue;
    // Namespace and cluster-metadata reads run on the server's timers: they count time, not work.
    const work = Object.entries(serverOperations).filter(([operation]) => !PERIODIC.test(operation));
    const total = work.reduce((sum, [, value]) => sum + value, 0);
    const top = work
      .slice(0, 6)
      .map(([operation, count]) => `${operation} ${(count / transfers).toFixed(1)}`)
      .join(', ');
    parts.push(
      `${items} items, server persistence operations per transfer (timed reads left out): ${(total / transfers).toFixed(1)} (${top})`,
    );
    const threads = run.temporal.workerCpuByThread;
    if (threads) {
      const byThread = Object.entries(threads)
        .map(([name, seconds]) => `${name} ${((seconds / transfers) * 1000).toFixed(1)}`)
        .join(', ');
      parts.push(`${items} items, worker CPU ms per transfer by thread: ${byThread}`);
    }
    const series = run.temporal.series ?? [];
    if (series.length > 2) {
      // Server CPU ms per persistence request, in quarters of the phase: does it grow with the state?
      const quarters = [0, 1, 2, 3, 4].map((q) => series[Math.round((q * (series.length - 1)) / 4)]);
      const perRequest = quarters.slice(1).map((end, q) => {
        const start = quarters[q];
        const requests = (end?.persistenceRequests ?? 0) - (start?.persistenceRequests ?? 0);
        const cpu = (end?.serverCpu ?? 0) - (start?.serverCpu ?? 0);
        return requests > 0 ? ((cpu * 1000) / requests).toFixed(2) : '-';
      });
      parts.push(
        `${items} items, server CPU ms per persistence request by quarter of the phase: ${perRequest.join(' → ')}`,
      );
    }
    const tasks = run.temporal.workflowTasksByType;
    if (tasks) {
      const byType = Object.entries(tasks)
        .map(([type, count]) => `${type} ${(count / transfers).toFixed(2)}`)
        .join(', ');
      parts.push(`${items} items, workflow tasks per transfer by workflow type: ${byType}`);
    }
  }
  const f = result.freshness;
  if (f) {
    parts.push(
      `freshness at a ${f.cadenceSeconds} s cadence, ${f.ratePerSecond} items/s for ${f.seconds} s: ` +
        `p50 ${f.p50Seconds} s, p95 ${f.p95Seconds} s, max ${f.maxSeconds} s (${f.visible}/${f.sampled} tickets visible)`,
    );
  }
  for (const run of result.runs) {
    if (run.temporal.history) parts.push(formatHistoryCost(`${run.size} items`, run.temporal.history));
    const counters = run.temporal.serverCounters;
    if (counters) {
      const writes = Object.entries(counters.topWrites)
        .map(([operation, n]) => `${operation} ${n}`)
        .join(', ');
      parts.push(
        `  server counters over the phase: ${counters.actions} actions, ${counters.persistenceRequests} persistence requests, ${counters.persistenceWrites} writes (${writes})`,
      );
    }
  }
  if (result.organizers) parts.push(formatOrganizers(result.organizers));
  parts.push(`worker peak RSS ${result.workerPeakRssMb} MB`);
  return parts.join('\n');
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed) {
    console.log(HELP);
    return;
  }
  const result = await runBench(parsed.options);
  const out = parsed.out ?? path.join(__dirname, 'results', `${result.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(formatResult(result));
  console.log(`result: ${out}`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
