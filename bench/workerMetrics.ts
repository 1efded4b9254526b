/**
 * The bench worker's Temporal core metrics (the SDK's Prometheus exporter, bench only): scraped at a
 * phase's start and end, the difference tells how many workflow tasks ran, how many replayed a
 * history, and how the sticky cache fared (BENCHMARKS.md: where the cost per transfer comes from).
 */

/** Counter or histogram count, summed over every label set: metric name → value. */
export type MetricTotals = Map<string, number>;

/** What a phase did in the worker, from the core metrics' difference (counts, not timings). */
export interface WorkerCounts {
  /** Workflow tasks run (workflow_task_execution_latency count). */
  workflowTasks: number;
  /**
   * workflow_task_replay_latency count. Measured: about the sticky hits plus misses, so it is not a
   * count of full replays; stickyCacheMisses and forcedEvictions are (not printed in the table).
   */
  replays: number;
  /** Sticky cache hits and misses (a miss fetches the whole history and replays it). */
  stickyCacheHits: number;
  stickyCacheMisses: number;
  /** Workflows evicted to make room (the cache was full). */
  forcedEvictions: number;
  /** Workflow task failures. */
  workflowTaskFailures: number;
  /** Workflows completed by this worker. */
  workflowsCompleted: number;
  /** Local activities run. */
  localActivities: number;
}

const WANTED: Record<keyof WorkerCounts, string> = {
  workflowTasks: 'workflow_task_execution_latency_count',
  replays: 'workflow_task_replay_latency_count',
  stickyCacheHits: 'sticky_cache_hit',
  stickyCacheMisses: 'sticky_cache_miss',
  forcedEvictions: 'sticky_cache_total_forced_eviction',
  workflowTaskFailures: 'workflow_task_execution_failed',
  workflowsCompleted: 'workflow_completed',
  localActivities: 'local_activity_execution_latency_count',
};

/** Sums each metric of a Prometheus text exposition over its label sets. */
export function parsePrometheus(text: string): MetricTotals {
  const totals: MetricTotals = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (!Number.isFinite(value)) continue;
    const name = (match[1] as string).replace(/^temporal_/, '').replace(/_total$/, '');
    totals.set(name, (totals.get(name) ?? 0) + value);
  }
  return totals;
}

/** The worker's metrics now, or undefined when its exporter does not answer. */
export async function scrapeWorker(url: string | undefined): Promise<MetricTotals | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? parsePrometheus(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}

/** `after − before` for the counts of WorkerCounts (0 for a metric never reported). */
export function workerCountsBetween(before: MetricTotals, after: MetricTotals): WorkerCounts {
  const entries = Object.entries(WANTED).map(([key, name]) => [
    key,
    Math.round((after.get(name) ?? 0) - (before.get(name) ?? 0)),
  ]);
  return Object.fromEntries(entries) as unknown as WorkerCounts;
}

/** One metric's values by one label (summed over the other labels), e.g. persistence_requests by operation. */
export function byLabel(text: string, metric: string, label: string): Map<string, number> {
  const totals = new Map<string, number>();
  const labelPattern = new RegExp(`(?:^|,)${label}="([^"]*)"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    const match = /^[^{\s]+(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    const value = Number(match?.[2]);
    if (!match || !Number.isFinite(value)) continue;
    const key = labelPattern.exec(match[1] ?? '')?.[1] ?? '';
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  return totals;
}

/**
 * The worker's workflow tasks by workflow type (which workflows the tasks of a phase went to), or
 * undefined when its exporter does not answer.
 */
export async function scrapeWorkflowTasksByType(
  url: string | undefined,
): Promise<Map<string, number> | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return undefined;
    return byLabel(await response.text(), 'temporal_workflow_task_execution_latency_count', 'workflow_type');
  } catch {
    return undefined;
  }
}

/** The server's persistence operations by operation (the dev server's Prometheus text). */
export async function scrapeServerOperations(
  url: string | undefined,
): Promise<Map<string, number> | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? byLabel(await response.text(), 'persistence_requests', 'operation') : undefined;
  } catch {
    return undefined;
  }
}

/** `after − before` per key, the non-zero ones, largest first. */
export function operationsBetween(
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const entries = [...after].map(
    ([key, value]) => [key, Math.round(value - (before.get(key) ?? 0))] as const,
  );
  return Object.fromEntries(entries.filter(([, value]) => value > 0).sort((a, b) => b[1] - a[1]));
}
