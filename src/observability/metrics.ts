/**
 * The worker's Prometheus metrics (prom-client), behind a small interface the activities receive as a
 * dependency, so they stay testable with a fake or with nothing at all. Labels carry organizer ids and
 * statuses only — never a ticket id, a person or a key.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApplySummary } from '../activities/applyDiffItems';
import type { TransferEventStatus } from '../domain/transferEvent';
import { UNSUCCESSFUL_STOPS } from '../domain/runStops';

/** What the activities report; every method is cheap and never throws. */
export interface FeedbackMetrics {
  /** One TIXNGO page (or imported file) applied: its counts and transfer steps. */
  pageApplied(organizerId: string, summary: ApplySummary, source: 'tixngo' | 'import'): void;
  /** How far behind TIXNGO each ticket written to S-360 was: now − its statusChangedAt. */
  ticketsWritten(organizerId: string, statusChangedAt: readonly string[], now?: Date): void;
  /**
   * A feedback run ended: `completed` with its stop reason (RunStop), or `failed` (stoppedBy ""). A
   * run that completed with a stop other than `halted`, `sync-error` or `not-started` is a success:
   * its time (`at`) becomes the organizer's last successful run. `intervalSeconds`: the run's cron interval.
   */
  runEnded(run: RunEnd): void;
  /**
   * The worker started with the organizer configured, or an activity of the organizer started: its
   * counters and lag histogram exist from now on (at 0), so a Prometheus `rate()` or `increase()` sees
   * the first pages, items, transfer steps and failures after a worker start (a series born non-zero
   * shows no increase).
   */
  organizerSeen(organizerId: string): void;
  /** A workflow task failed (an error that is not a Temporal failure): Temporal retries it without end. */
  workflowTaskFailed(organizerId: string, workflowType: string): void;
  /** One activity attempt failed, by activity type and failure type (ApplicationFailure type, else the error's name). */
  activityAttemptFailed(organizerId: string, activityType: string, failureType: string): void;
  /**
   * A workflow completed with `count` warnings in its result (a run: refused or unknown signals,
   * unknown configuration fields, a page read in parts…; a transfer: refused signals, contradictory
   * outcomes, a current ticket TIXNGO sent that does not validate). The warnings themselves are in `status`, the result and the worker log.
   */
  warningsReported(organizerId: string, workflowType: string, count: number): void;
  /**
   * A transfer workflow ended failed (a failure no retry fixes): its distribution line stays PENDING
   * and its temporary contact is not completed until somebody looks (`status` lists it).
   */
  transferFailed(organizerId: string): void;
  /**
   * TIXNGO answered a ticket's current state that could not be used (it does not validate, is over
   * the size bound, or stayed garbled): the transfer step went on without it (openTransfer,
   * closeTransfer: without the owner's details; reconcileTransfer: the transfer stays PENDING).
   */
  ticketAnswerUnusable(organizerId: string, activityType: string): void;
}

export interface RunEnd {
  organizerId: string;
  outcome: 'completed' | 'failed';
  /** The run's RunStop when completed; "" when failed. */
  stoppedBy: string;
  /** Rejected items the completed run holds open (its result's openRejections). */
  openRejections?: number;
  at: Date;
  intervalSeconds?: number;
}

/** Stops that end a run without progress: not a successful run for the stalled-organizer alert. */
export { UNSUCCESSFUL_STOPS };

export const noMetrics: FeedbackMetrics = {
  pageApplied: () => undefined,
  ticketsWritten: () => undefined,
  runEnded: () => undefined,
  organizerSeen: () => undefined,
  workflowTaskFailed: () => undefined,
  activityAttemptFailed: () => undefined,
  warningsReported: () => undefined,
  transferFailed: () => undefined,
  ticketAnswerUnusable: () => undefined,
};

export interface PrometheusFeedbackMetrics extends FeedbackMetrics {
  registry: Registry;
  /** Organizers this worker has run an activity or a feedback run of, since it started. */
  organizers(): string[];
}

const ITEM_OUTCOMES = ['applied', 'unchanged', 'skipped', 'rejected'] as const;
/** The statuses of transfer steps (a legacy PENDING arrives as PENDING_TRANSFER). */
const TRANSFER_STEP_STATUSES = [
  'PENDING_TRANSFER',
  'TRANSFERRED',
  'FAILURE_TRANSFER',
  'FAILURE',
] as const satisfies readonly TransferEventStatus[];

/** The transfer activities that read one ticket's current state from TIXNGO. */
const TICKET_READING_ACTIVITIES = ['openTransfer', 'closeTransfer', 'reconcileTransfer'] as const;

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
    help: 'Diff items by outcome: applied, unchanged (already current in S-360), superseded (a newer change of the ticket in the page), skipped, rejected, held_back (after the ticket that halted a strict run)',
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
  const runs = new Counter({
    name: 'tixngo_feedback_runs_total',
    help: 'Feedback runs ended, by outcome (completed, failed) and stop reason of a completed run (stopped_by: drained, page-budget, history-limit, children-limit, sync-error, halted, not-started; "" when failed)',
    labelNames: ['organizer', 'outcome', 'stopped_by'],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'tixngo_feedback_last_success_timestamp_seconds',
    help: 'Unix time (seconds) of the last successful feedback run seen by this worker (completed, not halted, sync-error or not-started); absent until one',
    labelNames: ['organizer'],
    registers: [registry],
  });
  const interval = new Gauge({
    name: 'tixngo_feedback_cron_interval_seconds',
    help: 'Seconds between two runs of the organizer cron schedule (the next gap), as of its last run',
    labelNames: ['organizer'],
    registers: [registry],
  });
  const openRejections = new Gauge({
    name: 'tixngo_feedback_open_rejections',
    help: 'Rejected items held open by the last completed feedback run (they wait for a fix or a skip)',
    labelNames: ['organizer'],
    registers: [registry],
  });
  const taskFailures = new Counter({
    name: 'tixngo_feedback_workflow_task_failures_total',
    help: 'Workflow tasks that failed with an error that is not a Temporal failure (Temporal retries them without end), by workflow type',
    labelNames: ['organizer', 'workflow_type'],
    registers: [registry],
  });
  const warnings = new Counter({
    name: 'tixngo_feedback_warnings_total',
    help: 'Warnings in the results of completed workflows, by workflow type (feedbackWorkflow: refused or unknown signals, unknown configuration fields, a page read in parts…; transferWorkflow: refused signals, contradictory outcomes, a current ticket TIXNGO sent that does not validate); `status` and the worker log say which',
    labelNames: ['organizer', 'workflow_type'],
    registers: [registry],
  });
  const transfersFailed = new Counter({
    name: 'tixngo_feedback_transfers_failed_total',
    help: 'Transfer workflows that ended failed: their distribution line stays PENDING and their temporary contact uncompleted until somebody looks; `status` lists them under failed transfer workflows',
    labelNames: ['organizer'],
    registers: [registry],
  });
  const unusableTicketAnswers = new Counter({
    name: 'tixngo_feedback_unusable_ticket_answers_total',
    help: "TIXNGO answers of one ticket's current state that transfer steps could not use (it does not validate, e.g. a status TIXNGO added later; over the size bound; garbled), by activity type: openTransfer and closeTransfer went on without the owner's details, reconcileTransfer left the transfer PENDING to ask again; the transfer's state and the worker log name the ticket",
    labelNames: ['organizer', 'activity_type'],
    registers: [registry],
  });
  const activityFailures = new Counter({
    name: 'tixngo_feedback_activity_failures_total',
    help: 'Activity attempts that failed in this worker, by activity type and failure type (RequestRefused, TransportError, InvalidData, UnexpectedError, ConfigError, MissingSecretError, Cancelled…)',
    labelNames: ['organizer', 'activity_type', 'failure_type'],
    registers: [registry],
  });

  const seen = new Set<string>();
  const see = (organizer: string): void => {
    if (organizer) seen.add(organizer);
  };

  return {
    registry,
    organizers: () => [...seen],
    runEnded(run) {
      const organizer = run.organizerId;
      see(organizer);
      runs.inc({ organizer, outcome: run.outcome, stopped_by: run.stoppedBy });
      if (run.outcome === 'completed' && !UNSUCCESSFUL_STOPS.has(run.stoppedBy))
        lastSuccess.set({ organizer }, run.at.getTime() / 1000);
      if (run.intervalSeconds !== undefined) interval.set({ organizer }, run.intervalSeconds);
      if (run.openRejections !== undefined) openRejections.set({ organizer }, run.openRejections);
    },
    organizerSeen(organizer) {
      runs.inc({ organizer, outcome: 'failed', stopped_by: '' }, 0);
      taskFailures.inc({ organizer, workflow_type: 'feedbackWorkflow' }, 0);
      for (const workflowType of ['feedbackWorkflow', 'transferWorkflow'])
        warnings.inc({ organizer, workflow_type: workflowType }, 0);
      transfersFailed.inc({ organizer }, 0);
      if (!organizer || seen.has(organizer)) return;
      see(organizer);
      for (const source of ['tixngo', 'import']) pages.inc({ organizer, source }, 0);
      for (const outcome of ITEM_OUTCOMES) items.inc({ organizer, outcome }, 0);
      for (const status of TRANSFER_STEP_STATUSES) transfers.inc({ organizer, status }, 0);
      lag.zero({ organizer });
      for (const activityType of TICKET_READING_ACTIVITIES)
        unusableTicketAnswers.inc({ organizer, activity_type: activityType }, 0);
    },
    warningsReported(organizer, workflowType, count) {
      see(organizer);
      warnings.inc({ organizer, workflow_type: workflowType }, count);
    },
    ticketAnswerUnusable(organizer, activityType) {
      see(organizer);
      unusableTicketAnswers.inc({ organizer, activity_type: activityType });
    },
    transferFailed(organizer) {
      see(organizer);
      transfersFailed.inc({ organizer });
    },
    workflowTaskFailed(organizer, workflowType) {
      taskFailures.inc({ organizer, workflow_type: workflowType });
    },
    activityAttemptFailed(organizer, activityType, failureType) {
      activityFailures.inc({ organizer, activity_type: activityType, failure_type: failureType });
    },
    pageApplied(organizer, summary, source) {
      see(organizer);
      pages.inc({ organizer, source });
      const outcomes = {
        applied: summary.applied,
        unchanged: summary.unchanged,
        superseded: summary.superseded,
        skipped: summary.skipped,
        rejected: summary.rejected.length,
        held_back: summary.heldBack,
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
