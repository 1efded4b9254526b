/**
 * The Temporal server's own counters around a bench phase, from its Prometheus endpoint: the
 * `action` counter (the server's count of Temporal Cloud billable actions, frontend service; see
 * https://docs.temporal.io/cloud/migrate/estimate-actions) and `persistence_requests` by operation.
 * They check the counts read from histories (bench/historyCost.ts), which cannot see heartbeats and
 * queries, and give the persistence operations the dev server really made (SQLite, so per-operation
 * counts, not a production database's cost).
 */

export interface ServerCounters {
  actions: number;
  /** Persistence requests by operation (`UpdateWorkflowExecution`, `AppendHistoryNodes`, …). */
  persistence: Record<string, number>;
}

export interface ServerCounterDelta {
  actions: number;
  persistenceRequests: number;
  /** Operations that write: every one but Get…, List…, Read…, Count…, Scan…, Describe…. */
  persistenceWrites: number;
  /** The ten most frequent write operations. */
  topWrites: Record<string, number>;
}

const READ_OPERATION = /^(Get|List|Read|Count|Scan|Describe|Is)/;

/** Sums the samples of the counters this module reads, out of a Prometheus text exposition. */
export function parseServerCounters(text: string): ServerCounters {
  const counters: ServerCounters = { actions: 0, persistence: {} };
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.length === 0) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const [, name, labels = '', valueText] = match as unknown as [string, string, string | undefined, string];
    const value = Number(valueText);
    if (!Number.isFinite(value)) continue;
    if (name === 'action' || name === 'action_total') {
      if (/service_name="frontend"/.test(labels) || !/service_name=/.test(labels)) counters.actions += value;
    } else if (name === 'persistence_requests' || name === 'persistence_requests_total') {
      const operation = /operation="([^"]*)"/.exec(labels)?.[1] ?? 'unknown';
      counters.persistence[operation] = (counters.persistence[operation] ?? 0) + value;
    }
  }
  return counters;
}

export async function readServerCounters(metricsUrl: string): Promise<ServerCounters> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return parseServerCounters(await response.text());
}

export function counterDelta(before: ServerCounters, after: ServerCounters): ServerCounterDelta {
  let requests = 0;
  const writes: [string, number][] = [];
  for (const [operation, value] of Object.entries(after.persistence)) {
    const delta = value - (before.persistence[operation] ?? 0);
    if (delta <= 0) continue;
    requests += delta;
    if (!READ_OPERATION.test(operation)) writes.push([operation, delta]);
  }
  writes.sort((a, b) => b[1] - a[1]);
  return {
    actions: after.actions - before.actions,
    persistenceRequests: requests,
    persistenceWrites: writes.reduce((sum, [, n]) => sum + n, 0),
    topWrites: Object.fromEntries(writes.slice(0, 10)),
  };
}

/** Starts a meter on the server's counters; undefined without a metrics endpoint (or if it fails). */
export async function serverCounterMeter(
  metricsUrl: string | undefined,
): Promise<() => Promise<ServerCounterDelta | undefined>> {
  if (!metricsUrl) return async () => undefined;
  const before = await readServerCounters(metricsUrl).catch(() => undefined);
  return async () => {
    if (!before) return undefined;
    const after = await readServerCounters(metricsUrl).catch(() => undefined);
    return after ? counterDelta(before, after) : undefined;
  };
}
