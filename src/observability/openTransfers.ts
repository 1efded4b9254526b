/**
 * The open-transfers gauge (`tixngo_feedback_open_transfers{organizer}`, issue 16 item 4): how many
 * transfer workflows of an organizer are running, as Temporal's visibility counts them — the same list
 * as `OrganizerId = "x" AND WorkflowType = "transferWorkflow" AND ExecutionStatus = "Running"` in the
 * Temporal UI. A transfer workflow outlives the run that started it (hours, days while TIXNGO shows it
 * pending), so no counter of this worker could say how many are open; Temporal can.
 *
 * Counted on scrape for the organizers this worker has run an activity of, at most once per `maxAgeMs`
 * (default 30 s), each count bounded by a 5 s deadline. A count that fails leaves the organizer without
 * a value (absent, not stale) until the next successful count; /metrics never fails because of it.
 */
import type { Client } from '@temporalio/client';
import { Gauge } from 'prom-client';
import { OrganizerId } from '../domain/organizer';
import type { PrometheusFeedbackMetrics } from './metrics';

/** Counts the running transfer workflows of one organizer. */
export type OpenTransferCounter = (organizerId: string) => Promise<number>;

/** Workflow type of the transfer workflows (src/workflows/transfer.ts). */
const TRANSFER_WORKFLOW_TYPE = 'transferWorkflow';

/** Milliseconds a count may take before the scrape goes on without it. */
const COUNT_DEADLINE_MS = 5_000;

/**
 * The Temporal visibility query of an organizer's open transfers. Throws for an organizer id that is
 * not one (a label read from a foreign workflow id), which could not be quoted safely.
 */
export function openTransfersQuery(organizerId: string): string {
  const id = OrganizerId.parse(organizerId);
  return `WorkflowType = "${TRANSFER_WORKFLOW_TYPE}" AND ExecutionStatus = "Running" AND OrganizerId = "${id}"`;
}

/** The counter backed by a Temporal client (any namespace the client is bound to). */
export function temporalOpenTransferCounter(client: Client): OpenTransferCounter {
  return async (organizerId) => {
    const query = openTransfersQuery(organizerId);
    const { count } = await client.connection.withDeadline(Date.now() + COUNT_DEADLINE_MS, () =>
      client.workflow.count(query),
    );
    return count;
  };
}

/**
 * Registers the gauge in the metrics' registry; its value is (re)counted when Prometheus scrapes.
 * `now`: milliseconds clock, for the refresh interval.
 */
export function registerOpenTransfersGauge(
  metrics: PrometheusFeedbackMetrics,
  count: OpenTransferCounter,
  options: { maxAgeMs?: number; now?: () => number } = {},
): void {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  let countedAt = Number.NEGATIVE_INFINITY;
  const counted = new Map<string, number>();
  new Gauge({
    name: 'tixngo_feedback_open_transfers',
    help: 'Transfer workflows of the organizer still running (waiting for TIXNGO to accept or cancel), as counted by Temporal visibility; absent when the count failed',
    labelNames: ['organizer'],
    registers: [metrics.registry],
    async collect() {
      if (now() - countedAt >= maxAgeMs) {
        countedAt = now();
        await Promise.all(
          metrics.organizers().map(async (organizer) => {
            try {
              counted.set(organizer, await count(organizer));
            } catch {
              counted.delete(organizer);
            }
          }),
        );
      }
      this.reset();
      for (const [organizer, value] of counted) this.set({ organizer }, value);
    },
  });
}
