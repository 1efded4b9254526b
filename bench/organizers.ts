/**
 * The many-organizers phase (issue 17 item 4): N organizers on one worker, each scheduled with the
 * product's `schedule` path (src/client/scheduleOrganizer.ts) on `@every <cadence>`, a trickle of
 * changes per organizer, and one organizer whose TIXNGO never answers. Measures how late cron runs
 * start, the worker's peak RSS, and the server CPU an idle run (no changes) costs.
 *
 * Simulators: the TIXNGO simulator serves one organizer (one API key, one change log, one fault
 * plan), so the phase starts one per organizer, all in this process on their own ports; the S-360
 * simulator accepts several API keys, so one serves them all (one PostgreSQL schema, ticket ids
 * prefixed per organizer).
 *
 * Lateness of a run = its first WorkflowTaskStarted − its fire time, where fire time =
 * WorkflowExecutionStarted's time + its firstWorkflowTaskBackoff (Temporal creates a cron run when
 * the previous one closes and holds its first workflow task back until the cron time). A fire time
 * that passed while the previous run was still running is not a late start: Temporal skips it and
 * the backoff points at the next one, which is why runs fired are also compared with the cadence.
 */
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { scheduleOrganizer } from '../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../src/client/unscheduleOrganizer';
import type { OrganizerSettingsInput } from '../src/domain/settings';
import { startS360Simulator } from '../src/sim/s360/server';
import { startTixngoSimulator, type TixngoSimulator } from '../src/sim/tixngo/server';
import type { FeedbackRunResult } from '../src/workflows/definitions';
import { feedbackWorkflowId } from '../src/workflows/ids';
import { addTally, emptyTally, protoMs, tallyHistory, type HistoryTally } from './historyCost';
import type { ServerCounterDelta } from './serverMetrics';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export interface OrganizersOptions {
  /** Organizers scheduled at once (0: no phase). */
  count: number;
  /** How long changes keep arriving. */
  seconds: number;
  /** The schedules' cadence (`@every <cadence>`). */
  cadenceMs: number;
  /** After the trickle and one cadence to settle: how long only idle runs fire (CPU per idle run). */
  idleSeconds: number;
  /** Each organizer receives a batch of this many tickets every `batchEverySeconds` (staggered). */
  ticketsPerBatch: number;
  batchEverySeconds: number;
  /** Share of a batch's tickets that go through a transfer (PENDING_TRANSFER then its outcome). */
  transferShare: number;
  /** The first organizer's TIXNGO never answers (its calls time out); false: every TIXNGO answers. */
  faulty: boolean;
  /** After the trickle: how long to wait for S-360 to hold every served ticket before the idle window. */
  drainTimeoutMs: number;
  /**
   * Schedule organizer i at i × cadence ÷ count after the first: an `@every` cron keeps the phase it
   * was scheduled with, so their runs fire spread over the cadence instead of in one burst.
   */
  spread?: boolean;
}

export const DEFAULT_ORGANIZERS_OPTIONS: Omit<OrganizersOptions, 'count'> = {
  seconds: 120,
  cadenceMs: 15_000,
  idleSeconds: 30,
  ticketsPerBatch: 4,
  batchEverySeconds: 30,
  transferShare: 0.25,
  faulty: true,
  drainTimeoutMs: 300_000,
};

/** What the harness lends the phase. */
export interface OrganizersContext {
  client: Client;
  taskQueue: string;
  databaseUrl: string;
  tixngoKey: string;
  s360Key: string;
  suffix: string;
  seed: number;
  /** Adds (or replaces) an organizer in the worker's configuration file. */
  configure(organizerId: string, settings: OrganizerSettingsInput): void;
  batchSize: number;
  /** Starts a CPU meter (seconds of the worker and of the Temporal server since the call). */
  cpuMeter(): () => { worker: number; temporalServer?: number };
  /** Starts a meter on the server's own counters (undefined without a metrics endpoint). */
  serverCounters?(): Promise<() => Promise<ServerCounterDelta | undefined>>;
  /** Resets, then reads, the worker's peak resident set (bytes). */
  workerPeak: { reset(): void; read(): number };
  log(line: string): void;
}

export interface LatenessFigures {
  runs: number;
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
}

export interface OrganizersFigures {
  organizers: number;
  cadenceSeconds: number;
  seconds: number;
  /** Seconds `schedule` took for every organizer, one after the other. */
  scheduleSeconds: number;
  /** Seconds from the end of the trickle until S-360 held every ticket served (the backlog). */
  drainSeconds: number;
  changes: {
    appended: number;
    tickets: number;
    transfers: number;
    ticketsInS360: number;
    linesSettled: number;
  };
  /** Tickets and transfers of the organizers whose TIXNGO answers (all must reach S-360). */
  expectedTickets: number;
  expectedTransfers: number;
  runs: {
    /** Runs of the answering organizers whose first workflow task started, fire times up to the unschedule. */
    fired: number;
    /** Fire times the cadence holds over the phase, per answering organizer, times their number. */
    expected: number;
    /** Runs that finished with items = 0. */
    idle: number;
    /** Runs that closed otherwise than completed / continued (the terminations of unschedule excepted). */
    failed: number;
  };
  /** Every organizer but the faulty one. */
  lateness: LatenessFigures;
  faulty?: { organizerId: string; runsFired: number; tixngoTimeouts: number; lateness: LatenessFigures };
  workerPeakRssMb: number;
  /** The whole phase, schedule to unschedule. */
  cpuSeconds: { worker: number; temporalServer?: number };
  idleWindow: {
    seconds: number;
    runs: number;
    /** Server CPU per second with nothing scheduled (measured before the schedules). */
    baselineServerCpuPerSecond?: number;
    serverCpuSeconds?: number;
    workerCpuSeconds: number;
    /** (server CPU in the window − baseline × window) ÷ runs; undefined without a server pid. */
    serverCpuMsPerIdleRun?: number;
    workerCpuMsPerIdleRun: number;
    /** The server's `action` counter and persistence writes in the window, per run (own dev server only). */
    serverActionsPerIdleRun?: number;
    persistenceWritesPerIdleRun?: number;
    /** Lateness of the answering organizers' runs whose fire time fell in the window (nothing to read). */
    lateness: LatenessFigures;
  };
  /** Mean history of an idle run: events and billable actions (src: bench/historyCost.ts). */
  idleRun: { runs: number; events: number; actions: number; transactions: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function latenessOf(values: readonly number[]): LatenessFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50Seconds: round(quantile(sorted, 50), 2),
    p95Seconds: round(quantile(sorted, 95), 2),
    maxSeconds: round(quantile(sorted, 100), 2),
  };
}

/** The organizer ids of the phase, so that the worker is started with their secrets. */
export function organizerIdsFor(count: number, suffix: string): string[] {
  const width = String(Math.max(0, count - 1)).length;
  return Array.from({ length: count }, (_, i) => `bench-org${String(i).padStart(width, '0')}-${suffix}`);
}

async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await work(item);
      }
    }),
  );
}

/** What one cron run's history says. */
export interface RunTiming {
  /** Fire time (ms): start + firstWorkflowTaskBackoff. */
  fireAt: number;
  /** First WorkflowTaskStarted (ms), if the run got that far. */
  firstTaskStartedAt?: number;
  closedAs: string;
  result?: FeedbackRunResult;
}

/** Fire time and first task start of one run, from its history (pure). */
export function runTiming(events: readonly HistoryEvent[]): Omit<RunTiming, 'result'> {
  const started = events[0];
  const attributes = started?.workflowExecutionStartedEventAttributes;
  if (!started || !attributes) throw new Error('a history that does not begin with WorkflowExecutionStarted');
  const fireAt = protoMs(started.eventTime) + protoMs(attributes.firstWorkflowTaskBackoff);
  const firstTask = events.find((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const last = events[events.length - 1];
  return {
    fireAt,
    firstTaskStartedAt: firstTask ? protoMs(firstTask.eventTime) : undefined,
    closedAs: EventType[last?.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? 'UNKNOWN',
  };
}

export async function runOrganizersPhase(
  context: OrganizersContext,
  options: OrganizersOptions,
): Promise<OrganizersFigures> {
  const { client, log } = context;
  const ids = organizerIdsFor(options.count, context.suffix);
  const faultyId = options.faulty ? ids[0] : undefined;
  const schema = `bench_orgs_${context.suffix}`;
  const cadenceSeconds = Math.max(1, Math.round(options.cadenceMs / 1000));
  const tixngos = new Map<string, TixngoSimulator>();
  const scheduled: string[] = [];
  const s360 = await startS360Simulator({
    databaseUrl: context.databaseUrl,
    schema,
    apiKeys: [context.s360Key],
  });
  try {
    for (const id of ids) {
      const tixngo = await startTixngoSimulator({ apiKey: context.tixngoKey });
      tixngos.set(id, tixngo);
      if (id === faultyId) tixngo.faults.set({ timeoutRate: 1, hangMs: 3_600_000 });
      context.configure(id, {
        // The faulty organizer gives up on TIXNGO after 2 s per call (its activity then retries).
        tixngo: { baseUrl: tixngo.url, timeoutMs: id === faultyId ? 2_000 : 30_000 },
        s360: { baseUrl: s360.url, timeoutMs: 30_000 },
        batchSize: context.batchSize,
      });
    }
    log(
      `organizers: ${ids.length} organizers, @every ${cadenceSeconds}s, ${options.ticketsPerBatch} tickets every ${options.batchEverySeconds} s each for ${options.seconds} s${faultyId ? `, ${faultyId}'s TIXNGO times out` : ''}…`,
    );

    // Server CPU with nothing scheduled, to subtract from the idle window.
    const baselineMs = 5_000;
    const baselineMeter = context.cpuMeter();
    await sleep(baselineMs);
    const baselineServer = baselineMeter().temporalServer;

    context.workerPeak.reset();
    const phaseMeter = context.cpuMeter();
    const phaseStart = Date.now();
    for (const [index, id] of ids.entries()) {
      if (options.spread) await sleep(phaseStart + (index * options.cadenceMs) / ids.length - Date.now());
      await scheduleOrganizer(client, {
        organizerId: id,
        cronSchedule: `@every ${cadenceSeconds}s`,
        taskQueue: context.taskQueue,
      });
      scheduled.push(id);
    }
    const scheduleSeconds = round((Date.now() - phaseStart) / 1000);
    log(`  scheduled in ${scheduleSeconds} s`);

    // The trickle: organizer i gets its batch at the seconds s where (i + s) % batchEverySeconds == 0.
    const changes = { appended: 0, tickets: 0, transfers: 0 };
    let expectedTickets = 0;
    let expectedTransfers = 0;
    const trickleStart = Date.now();
    for (let second = 0; second < options.seconds; second += 1) {
      ids.forEach((id, i) => {
        if ((i + second) % options.batchEverySeconds !== 0) return;
        const generated = (tixngos.get(id) as TixngoSimulator).generate({
          count: options.ticketsPerBatch,
          transferShare: options.transferShare,
          seed: context.seed * 100_003 + i * 1_009 + second,
          ticketPrefix: `O${i}S${second}-`,
        });
        changes.appended += generated.changes;
        changes.tickets += generated.tickets;
        changes.transfers += generated.transfers;
        if (id !== faultyId) {
          expectedTickets += generated.tickets;
          expectedTransfers += generated.transfers;
        }
      });
      await sleep(Math.max(0, trickleStart + (second + 1) * 1000 - Date.now()));
    }

    // Until S-360 holds every ticket the answering organizers served and has settled their transfers
    // (the backlog drained: a run stays open while its transfers are handed off), then one more
    // cadence, then a window where only idle runs fire.
    const trickleEnd = Date.now();
    const drainDeadline = trickleEnd + options.drainTimeoutMs;
    const drained = async (): Promise<boolean> => {
      const { rows } = await queryCounts(context.databaseUrl, schema);
      return rows.tickets >= expectedTickets && rows.settled >= expectedTransfers;
    };
    while (!(await drained())) {
      if (Date.now() > drainDeadline) {
        log(
          `  the backlog did not drain within ${options.drainTimeoutMs / 1000} s; the idle window is not idle`,
        );
        break;
      }
      await sleep(1000);
    }
    const drainSeconds = round((Date.now() - trickleEnd) / 1000);
    await sleep(options.cadenceMs + 2_000);
    const idleMeter = context.cpuMeter();
    const idleCounters = context.serverCounters ? await context.serverCounters() : undefined;
    const idleStart = Date.now();
    const idleStartMonotonicUs = process.hrtime.bigint() / 1000n;
    await sleep(options.idleSeconds * 1000);
    const idle = idleMeter();
    const idleServer = idleCounters ? await idleCounters() : undefined;
    const idleEnd = Date.now();
    // CLOCK_MONOTONIC µs, the clock of a --cpu-prof profile's sample times: cut the worker's profile to the window.
    log(
      `  idle window on the monotonic clock: ${idleStartMonotonicUs}–${process.hrtime.bigint() / 1000n} µs`,
    );

    scheduled.length = 0; // unscheduled here; the finally block is for a phase that failed
    log(`  idle window done (backlog drained in ${drainSeconds} s); unscheduling…`);
    await eachLimited(ids, 8, async (id) => {
      await unscheduleOrganizer(client, id, 'benchmark done').catch((error: unknown) => {
        log(`  unschedule ${id}: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    log(`  unscheduled in ${round((Date.now() - idleEnd) / 1000)} s; reading the runs back…`);
    const cpu = phaseMeter();
    const workerPeakRssMb = Math.round(context.workerPeak.read() / (1024 * 1024));

    // ---- read the runs back from Temporal ----
    const timings = new Map<string, RunTiming[]>();
    const idleTally = emptyTally();
    let idleTallied = 0;
    await eachLimited(ids, 8, async (id) => {
      const query = `WorkflowId = '${feedbackWorkflowId(id)}'`;
      const runs: RunTiming[] = [];
      for await (const execution of client.workflow.list({ query })) {
        const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
        const events = history.events ?? [];
        const timing: RunTiming = runTiming(events);
        const last = events[events.length - 1];
        const payloads =
          last?.workflowExecutionContinuedAsNewEventAttributes?.lastCompletionResult?.payloads ??
          last?.workflowExecutionCompletedEventAttributes?.result?.payloads;
        if (payloads && payloads.length > 0) {
          timing.result = await decodeFromPayloadsAtIndex<FeedbackRunResult>(
            client.workflow.options.loadedDataConverter,
            0,
            payloads,
          );
        }
        if (timing.result?.items === 0) {
          addTally(idleTally, tallyHistory(events) satisfies HistoryTally);
          idleTallied += 1;
        }
        runs.push(timing);
      }
      timings.set(id, runs);
    });

    const lateness = (of: (id: string) => boolean, firedIn = (_run: RunTiming): boolean => true): number[] =>
      ids
        .filter(of)
        .flatMap((id) => timings.get(id) ?? [])
        .filter((run) => run.firstTaskStartedAt !== undefined && firedIn(run))
        .map((run) => ((run.firstTaskStartedAt as number) - run.fireAt) / 1000);
    const allRuns = [...timings.values()].flat();
    const fired = allRuns.filter((run) => run.firstTaskStartedAt !== undefined);
    const inIdleWindow = fired.filter(
      (run) =>
        (run.firstTaskStartedAt as number) >= idleStart && (run.firstTaskStartedAt as number) < idleEnd,
    ).length;
    const windowSeconds = (idleEnd - idleStart) / 1000;
    const serverMs =
      idle.temporalServer === undefined || baselineServer === undefined
        ? undefined
        : ((idle.temporalServer - (baselineServer / (baselineMs / 1000)) * windowSeconds) * 1000) /
          Math.max(1, inIdleWindow);

    const { rows } = await queryCounts(context.databaseUrl, schema);
    const tixngoTimeouts = faultyId ? (tixngos.get(faultyId)?.stats().served.timeout ?? 0) : 0;
    const figures: OrganizersFigures = {
      organizers: ids.length,
      cadenceSeconds,
      seconds: options.seconds,
      scheduleSeconds,
      drainSeconds,
      changes: { ...changes, ticketsInS360: rows.tickets, linesSettled: rows.settled },
      expectedTickets,
      expectedTransfers,
      runs: {
        fired: ids
          .filter((id) => id !== faultyId)
          .flatMap((id) => timings.get(id) ?? [])
          .filter((run) => run.firstTaskStartedAt !== undefined && run.fireAt <= idleEnd).length,
        expected: cronTimesHeld(ids, faultyId, timings, idleEnd, cadenceSeconds * 1000),
        idle: allRuns.filter((run) => run.result?.items === 0).length,
        failed: allRuns.filter(
          (run) =>
            ![
              'WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
              'WORKFLOW_EXECUTION_COMPLETED',
              'WORKFLOW_EXECUTION_TERMINATED',
            ].includes(run.closedAs),
        ).length,
      },
      lateness: latenessOf(lateness((id) => id !== faultyId)),
      faulty: faultyId
        ? {
            organizerId: faultyId,
            runsFired: (timings.get(faultyId) ?? []).filter((run) => run.firstTaskStartedAt !== undefined)
              .length,
            tixngoTimeouts,
            lateness: latenessOf(lateness((id) => id === faultyId)),
          }
        : undefined,
      workerPeakRssMb,
      cpuSeconds: { worker: round(cpu.worker), temporalServer: cpu.temporalServer },
      idleWindow: {
        seconds: round(windowSeconds),
        runs: inIdleWindow,
        baselineServerCpuPerSecond:
          baselineServer === undefined ? undefined : round(baselineServer / (baselineMs / 1000), 3),
        serverCpuSeconds: idle.temporalServer,
        workerCpuSeconds: idle.worker,
        serverCpuMsPerIdleRun: serverMs === undefined ? undefined : round(serverMs),
        workerCpuMsPerIdleRun: round((idle.worker * 1000) / Math.max(1, inIdleWindow)),
        serverActionsPerIdleRun: idleServer
          ? round(idleServer.actions / Math.max(1, inIdleWindow))
          : undefined,
        persistenceWritesPerIdleRun: idleServer
          ? round(idleServer.persistenceWrites / Math.max(1, inIdleWindow))
          : undefined,
        lateness: latenessOf(
          lateness(
            (id) => id !== faultyId,
            (run) => run.fireAt >= idleStart && run.fireAt < idleEnd,
          ),
        ),
      },
      idleRun: {
        runs: idleTallied,
        events: idleTallied ? round(idleTally.events / idleTallied) : 0,
        actions: idleTallied ? round(idleTally.actions.total / idleTallied) : 0,
        transactions: idleTallied ? round(idleTally.transactions / idleTallied) : 0,
      },
    };
    log(
      `  ${figures.runs.fired} runs fired (${figures.runs.idle} idle), lateness p50 ${figures.lateness.p50Seconds} s, p95 ${figures.lateness.p95Seconds} s, max ${figures.lateness.maxSeconds} s`,
    );
    return figures;
  } finally {
    await eachLimited(scheduled, 4, (id) =>
      unscheduleOrganizer(client, id, 'benchmark stopped').then(
        () => undefined,
        () => undefined,
      ),
    );
    for (const tixngo of tixngos.values()) await tixngo.close().catch(() => undefined);
    await s360.close({ dropSchema: true }).catch(() => undefined);
  }
}

/**
 * Cron times the answering organizers' schedules held: from each one's first fire time until the
 * unschedule began (`until`), one per cadence.
 */
function cronTimesHeld(
  ids: readonly string[],
  faultyId: string | undefined,
  timings: ReadonlyMap<string, RunTiming[]>,
  until: number,
  cadenceMs: number,
): number {
  let held = 0;
  for (const id of ids) {
    if (id === faultyId) continue;
    const first = Math.min(...(timings.get(id) ?? []).map((run) => run.fireAt));
    if (Number.isFinite(first) && first <= until) held += Math.floor((until - first) / cadenceMs) + 1;
  }
  return held;
}

async function queryCounts(
  databaseUrl: string,
  schema: string,
): Promise<{ rows: { tickets: number; settled: number } }> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ tickets: number; settled: number }>(
      `SELECT (SELECT count(*)::int FROM ${schema}.tickets) AS tickets,
              (SELECT count(*)::int FROM ${schema}.distribution_lines WHERE status <> 'PENDING') AS settled`,
    );
    return { rows: rows[0] ?? { tickets: 0, settled: 0 } };
  } finally {
    await pg.end();
  }
}

/** The phase's lines for the bench's printout. */
export function formatOrganizers(f: OrganizersFigures): string {
  const lines = [
    `${f.organizers} organizers @every ${f.cadenceSeconds}s for ${f.seconds} s (scheduled in ${f.scheduleSeconds} s, backlog drained ${f.drainSeconds} s after the trickle): ` +
      `${f.runs.fired} runs fired of ${f.runs.expected} cron times, ${f.runs.idle} idle, ${f.runs.failed} failed; ` +
      `${f.changes.appended} changes (${f.changes.transfers} transfers), ${f.changes.ticketsInS360}/${f.expectedTickets} tickets and ${f.changes.linesSettled}/${f.expectedTransfers} transfers settled in S-360`,
    `  run start lateness (${f.lateness.runs} runs of the answering organizers): p50 ${f.lateness.p50Seconds} s, p95 ${f.lateness.p95Seconds} s, max ${f.lateness.maxSeconds} s`,
  ];
  if (f.faulty) {
    lines.push(
      `  ${f.faulty.organizerId} (TIXNGO times out, ${f.faulty.tixngoTimeouts} timed-out calls): ${f.faulty.runsFired} run(s) fired, lateness max ${f.faulty.lateness.maxSeconds} s`,
    );
  }
  const w = f.idleWindow;
  lines.push(
    `  worker peak RSS ${f.workerPeakRssMb} MB; CPU s server / worker over the phase ${f.cpuSeconds.temporalServer ?? '-'} / ${f.cpuSeconds.worker}`,
    `  idle window ${w.seconds} s, ${w.runs} runs: server ${w.serverCpuMsPerIdleRun ?? '-'} ms CPU per idle run (baseline ${w.baselineServerCpuPerSecond ?? '-'} s/s subtracted), worker ${w.workerCpuMsPerIdleRun} ms`,
    `  run start lateness in the idle window (${w.lateness.runs} runs fired in it): p50 ${w.lateness.p50Seconds} s, p95 ${w.lateness.p95Seconds} s, max ${w.lateness.maxSeconds} s`,
    `  an idle run's history: ${f.idleRun.events} events, ${f.idleRun.actions} actions, ≈ ${f.idleRun.transactions} transactions (mean of ${f.idleRun.runs})` +
      (w.serverActionsPerIdleRun === undefined
        ? ''
        : `; server counters in the window: ${w.serverActionsPerIdleRun} actions, ${w.persistenceWritesPerIdleRun} persistence writes per run`),
  );
  return lines.join('\n');
}
