/**
 * The worker's Prometheus metrics (prom-client), behind a small interface the activities receive as a
 * dependency, so they stay testable with a fake or with nothing at all. Labels carry organizer ids and
 * statuses only — never a ticket id, a person or a key.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApplySummary } from '../activities/applyDiffItems';

/** What the activities report; every method is cheap and never throws. */
export interface FeedbackMetrics {
  /** One TIXNGO page (or imported file) applied: its counts and transfer steps. */
  pageApplied(organizerId: string, summary: ApplySummary, source: 'tixngo' | 'import'): void;
  /** How far behind TIXNGO each ticket written to S-360 was: now − its statusChangedAt. */
  ticketsWritten(organizerId: string, statusChangedAt: readonly string[], now?: Date): void;
}

export const noMetrics: FeedbackMetrics = {
  pageApplied: () => undefined,
  ticketsWritten: () => undefined,
};

export interface PrometheusFeedbackMetrics extends FeedbackMetrics {
  registry: Registry;
}

/** Seconds: from a minute to a day, since a stopped worker catches up on old changes. */
const LAG_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600, 12 * 3600, 24 * 3600];

export function createFeedbackMetrics(options: { defaultMetrics?: boolean } = {}): PrometheusFeedbackMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'tixngo_feedback_' });
  const pages = new Counter({
    name: 'tixngo_feedback_pages_total',
    help: 'TIXNGO diff pages (source="tixngo") and imported files (source="import") applied',
    labelNames: ['organizer', 'source'],
    registers: [registry],
  });
  const items = new Counter({
    name: 'tixngo_feedback_items_total',
    help: 'Diff items by outcome: applied, unchanged (already current in S-360), skipped, rejected',
    labelNames: ['organizer', 'outcome'],
    registers: [registry],
  });
  const transfers = new Counter({
    name: 'tixngo_feedback_transfer_steps_total',
    help: 'Transfer steps handed to transfer workflows, by TIXNGO status (PENDING_TRANSFER, TRANSFERRED, FAILURE_TRANSFER, FAILURE)',
    labelNames: ['organizer', 'status'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'tixngo_feedback_lag_seconds',
    help: 'Lag behind TIXNGO: time from a ticket change in TIXNGO (statusChangedAt) to its write in S-360',
    labelNames: ['organizer'],
    buckets: LAG_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    pageApplied(organizer, summary, source) {
      pages.inc({ organizer, source });
      const outcomes = {
        applied: summary.applied,
        unchanged: summary.unchanged,
        skipped: summary.skipped,
        rejected: summary.rejected.length,
      };
      for (const [outcome, count] of Object.entries(outcomes)) items.inc({ organizer, outcome }, count);
      for (const event of summary.transfers) transfers.inc({ organizer, status: event.status });
    },
    ticketsWritten(organizer, changedAt, now = new Date()) {
      for (const at of changedAt) {
        const time = Date.parse(at);
        if (!Number.isNaN(time)) lag.observe({ organizer }, Math.max(0, (now.getTime() - time) / 1000));
      }
    },
  };
}
