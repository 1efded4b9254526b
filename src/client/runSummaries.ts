import { terminalText as shown } from '../domain/terminalText';
import type { FeedbackRunResult } from '../workflows';
import { itemCountsText } from './itemCounts';
import type { RunEvent } from './runFollower';

const STOP: Record<FeedbackRunResult['stoppedBy'], string> = {
  drained: 'drained',
  'page-budget': 'page budget reached, next run goes on',
  'history-limit': 'history limit near, next run goes on',
  'children-limit': 'transfer limit per run reached, next run goes on',
  'sync-error': 'STOPPED at a failing ticket (doContinueInCaseOfSyncError=false), the key stays before it',
  halted: 'HALTED before the key moved',
  'not-started': 'before the schedule start date, nothing done',
  'import-done': 'import done',
};

const clock = (at?: Date): string => (at ?? new Date()).toISOString().slice(11, 19);

/**
 * One line a person reads for one finished run, its counts adding up:
 * `09:15:02 demo-organizer: 2 page(s), 13 item(s) = 9 applied + 1 unchanged + 2 superseded + 0 skipped + 1 rejected; drained`.
 */
export function formatRunSummary(result: FeedbackRunResult, closedAt?: Date): string {
  let stop = STOP[result.stoppedBy] ?? result.stoppedBy;
  if (result.stoppedBy === 'halted')
    stop += `: ${result.halt === undefined ? 'see the run result' : shown(result.halt)}`;
  if (result.stoppedBy === 'sync-error' && result.syncError) {
    const ticket = result.syncError.ticketId ?? `item #${result.syncError.index}`;
    stop += ` (${shown(ticket)} ${shown(result.syncError.path)}: ${shown(result.syncError.reason)})`;
  }
  return `${clock(closedAt)} ${shown(result.organizerId)}: ${result.pages} page(s), ${itemCountsText(result)}; ${stop}`;
}

/** One line for a run that ended or is stuck (src/client/runFollower.ts); `now` dates a stuck line. */
export function formatRunEvent(organizerId: string, event: RunEvent, now = new Date()): string {
  const run = event.runId.slice(0, 8);
  switch (event.kind) {
    case 'completed':
      return formatRunSummary(event.result, event.closedAt);
    case 'not-completed':
      return (
        `${clock(event.closedAt)} ${organizerId}: run ${run} ${event.outcome.toUpperCase()}` +
        `${event.reason ? `: ${shown(event.reason)}` : ''}` +
        (event.outcome === 'failed' ? ' (the next cron run starts from what it carried)' : '')
      );
    case 'stuck':
      return (
        `${clock(now)} ${organizerId}: run ${run} STUCK: ${event.what} on attempt ${event.attempt}` +
        `${event.lastFailure ? `, last failure: ${shown(event.lastFailure)}` : ''}`
      );
    case 'not-picked-up':
      return `${clock(now)} ${organizerId}: run ${run} ${notPickedUpText(event)}`;
  }
}

/** `WAITING: workflow task not picked up since …: no worker polls task queue "q" (…)`, or how many busy ones do. */
export function notPickedUpText(event: { taskQueue: string; since?: Date; pollers: number }): string {
  const queue = shown(JSON.stringify(event.taskQueue));
  const workers =
    event.pollers === 0
      ? `no worker polls task queue ${queue} (start one with TEMPORAL_TASK_QUEUE=${queue}, or name the ` +
        "workers' queue with --task-queue or TEMPORAL_TASK_QUEUE)"
      : `the ${event.pollers} worker(s) polling task queue ${queue} have not taken it (all busy?)`;
  return `WAITING: workflow task not picked up since ${event.since?.toISOString() ?? '(time unknown)'}: ${workers}`;
}

/** A line for a workflow that is not a feedback run (an import part), dated `now`. */
export function formatWaitingLine(organizerId: string, what: string, text: string, now = new Date()): string {
  return `${clock(now)} ${organizerId}: ${what} ${text}`;
}
