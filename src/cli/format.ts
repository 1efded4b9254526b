import type { ImportSummary } from '../client/importDiffFile';
import { itemCountsText } from '../client/itemCounts';
import type { OrganizerStatus } from '../client/organizerStatus';
import { rejectionRef } from '../domain/rejectionRef';
import { terminalText as shown } from '../domain/terminalText';
import type { FeedbackRunResult } from '../workflows/definitions';

const STOP_REASON: Record<FeedbackRunResult['stoppedBy'], string> = {
  drained: 'TIXNGO drained',
  'page-budget': 'page budget reached, the next run goes on',
  'history-limit': 'history limit near, the next run goes on',
  'children-limit': 'transfer limit per run reached, the next run goes on',
  'sync-error': 'stopped at a failing ticket (doContinueInCaseOfSyncError=false)',
  halted: 'HALTED before the key moved (see "halted:" below)',
  'not-started': 'before the schedule start date, nothing done',
  'import-done': 'import done',
};

export function formatRun(result: FeedbackRunResult): string {
  const lines = [
    `${result.pages} page(s), ${itemCountsText(result)}; ${result.transfers} transfer step(s) — ${STOP_REASON[result.stoppedBy]}`,
    `next pagination key: ${result.paginationKey === undefined ? '(none: starts from the beginning)' : shown(result.paginationKey)}`,
  ];
  if (result.skipTickets.length > 0)
    lines.push(`live skip list: ${result.skipTickets.map(shown).join(', ')}`);
  if (result.syncError) {
    lines.push(
      `failing ticket: ${shown(result.syncError.ticketId ?? `#${result.syncError.index}`)} ${shown(result.syncError.path)}: ${shown(result.syncError.reason)}`,
    );
  }
  if (result.halt) lines.push(`halted: ${shown(result.halt)}`);
  if (result.openRejections.length > 0) {
    lines.push(
      `open rejections (${result.openRejections.length}${result.droppedRejections ? `, ${result.droppedRejections} older dropped` : ''}):`,
    );
    lines.push(
      '  (fixed: `import` the fixed items; a ticket not to apply: `skip`; dealt with otherwise: `resolve <organizer> <#reference>`)',
    );
    if (result.openRejections.length > 20)
      lines.push(
        `  (the newest 20 shown; status --rejected-file FILE writes all ${result.openRejections.length})`,
      );
    for (const item of result.openRejections.slice(-20)) {
      lines.push(
        `  ${rejectionRef(item)}  ${item.ticketId === undefined ? `(no ticket id, item ${item.index} of its page)` : shown(item.ticketId)}  ${shown(item.path)}: ${shown(item.reason)}  (since ${shown(item.firstSeenAt)})`,
      );
    }
  }
  for (const warning of result.warnings) lines.push(`warning: ${shown(warning)}`);
  return lines.join('\n');
}

/** Whole seconds from `then` to `now` (0 if `then` is later). */
function secondsAgo(then: Date, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
}

/**
 * The current run's health (issue 15 item 3): waiting for its fire time, a workflow task failing
 * again and again, activities being retried, a progress its `state` query did not give.
 */
function currentRunLines(status: OrganizerStatus): string[] {
  const lines: string[] = [];
  const current = status.current;
  // A cron run's first line says when it fires (runningLine): said once.
  if (current?.waitingUntil && !status.cronSchedule) {
    lines.push(`current run: waiting for its next run at ${current.waitingUntil.toISOString()}`);
  }
  if (current?.workflowTask) {
    const task = current.workflowTask;
    lines.push(
      `current run: workflow task FAILING (attempt ${task.attempt}${task.cause ? `, ${shown(task.cause)}` : ''}): ` +
        `${task.failure === undefined ? 'no failure recorded' : shown(task.failure)}`,
    );
  }
  if (current?.workflowTaskWaiting) {
    const waiting = current.workflowTaskWaiting;
    lines.push(
      `current run: workflow task not picked up since ${waiting.scheduledAt?.toISOString() ?? '(time unknown)'} ` +
        `(is a worker polling task queue "${shown(waiting.taskQueue)}"?)`,
    );
  }
  for (const activity of current?.pendingActivities ?? []) {
    const next = activity.nextAttemptAt ? `, next attempt at ${activity.nextAttemptAt.toISOString()}` : '';
    lines.push(
      `current run: activity ${shown(activity.activityType)}: attempt ${activity.attempt}, ${activity.state.toLowerCase()}${next}`,
    );
    if (activity.lastFailure) lines.push(`  last failure: ${shown(activity.lastFailure)}`);
  }
  if (status.stateProblem) lines.push(`current run: progress unknown (${shown(status.stateProblem)})`);
  lines.push(...receivedSignalLines(status));
  return lines;
}

/** Entries of the live skip list and warnings shown in text (`--json` has them all). */
const SHOWN_SKIP_ENTRIES = 10;
const SHOWN_SIGNAL_WARNINGS = 20;

/**
 * The signals a run that cannot answer its `state` received (waiting for its fire time): the live
 * skip list and open rejections they make, and what the workflow refuses of them.
 */
function receivedSignalLines(status: OrganizerStatus): string[] {
  if (status.receivedSignalsProblem)
    return [`current run: signals received unknown (${shown(status.receivedSignalsProblem)})`];
  const received = status.receivedSignals;
  if (!received) return [];
  const entries = received.skipTickets;
  const listed =
    entries.length === 0
      ? ''
      : ` (${entries.slice(0, SHOWN_SKIP_ENTRIES).map(shown).join(', ')}${entries.length > SHOWN_SKIP_ENTRIES ? ', …' : ''})`;
  const when = status.current?.waitingUntil ? 'before it runs' : 'not yet seen by its state';
  const lines = [
    `current run: ${received.count} signal${received.count === 1 ? '' : 's'} received ${when}: ` +
      `live skip list of ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${listed}, ` +
      `${received.openRejections} open rejection${received.openRejections === 1 ? '' : 's'}` +
      (received.warnings.length > 0 ? `; ${received.warnings.length} warning(s):` : ''),
  ];
  for (const warning of received.warnings.slice(0, SHOWN_SIGNAL_WARNINGS))
    lines.push(`  warning: ${shown(warning)}`);
  if (received.warnings.length > SHOWN_SIGNAL_WARNINGS)
    lines.push(
      `  (${received.warnings.length - SHOWN_SIGNAL_WARNINGS} more warnings: status --json lists them all)`,
    );
  return lines;
}

/** Stops of a completed run that made no progress, as `status` names them. */
const UNPROGRESSED_STOPS: Partial<Record<FeedbackRunResult['stoppedBy'], string>> = {
  halted: 'HALTED before the key moved',
  'sync-error': 'STOPPED at a failing ticket',
};

/** A last run that did not complete and why, and how long since the last successful run. */
function pastRunLines(status: OrganizerStatus, now: Date): string[] {
  const lines: string[] = [];
  const closed = status.lastClosedRun;
  if (closed && closed.outcome !== 'completed') {
    lines.push(
      `last run ${closed.outcome === 'failed' ? 'FAILED' : closed.outcome.toUpperCase()} ` +
        `(closed ${closed.closedAt?.toISOString() ?? 'time unknown'})${closed.reason ? `: ${shown(closed.reason)}` : ''}`,
    );
  }
  // A run that completed without progress (halted, stopped at a failing ticket) is not healthy either.
  const last = status.lastRun;
  const stopped = last && UNPROGRESSED_STOPS[last.result.stoppedBy];
  if ((!closed || closed.outcome === 'completed') && last && stopped) {
    lines.push(
      `last run ${stopped} (closed ${last.closedAt?.toISOString() ?? 'time unknown'})` +
        (last.result.halt ? `: ${last.result.halt}` : ''),
    );
  }
  if (status.lastSuccessAt) {
    lines.push(
      `last successful run ${secondsAgo(status.lastSuccessAt, now)} s ago (${status.lastSuccessAt.toISOString()})`,
    );
  } else if (status.executionStatus) {
    lines.push('no successful run yet');
  }
  return lines;
}

/** The organizer's transfer workflows that failed or timed out: how many, and the newest with why. */
function failedTransferLines(status: OrganizerStatus): string[] {
  const failed = status.failedTransfers;
  if (!failed || failed.count === 0) return [];
  const lines = [
    `failed transfer workflows: ${failed.count}${failed.count > failed.newest.length ? ` (the newest ${failed.newest.length}:)` : ''}`,
  ];
  for (const transfer of failed.newest) {
    lines.push(
      `  ${shown(transfer.ticketId ?? transfer.workflowId)} ${transfer.outcome.toUpperCase()} ` +
        `(closed ${transfer.closedAt?.toISOString() ?? 'time unknown'})${transfer.reason ? `: ${shown(transfer.reason)}` : ''}`,
    );
  }
  return lines;
}

/**
 * The first line of a running execution. A cron run is created when the previous one closes and waits
 * for its fire time, so before that time it has not started ("the next run fires at …"); an execution
 * without a cron schedule is a run-once or an import, not a schedule.
 */
function runningLine(status: OrganizerStatus): string {
  if (!status.cronSchedule)
    return `running once, not scheduled (started at ${status.startedAt?.toISOString()})`;
  const schedule = `scheduled ${shown(JSON.stringify(status.cronSchedule))}`;
  if (status.current?.waitingUntil)
    return `${schedule} (the next run fires at ${status.current.waitingUntil.toISOString()})`;
  return `${schedule} (the current run fired at ${status.firesAt?.toISOString()})`;
}

/** The status as a person reads it; `now` is when "… s ago" is counted from. */
export function formatStatus(status: OrganizerStatus, now = new Date()): string {
  const lines = [`organizer ${shown(status.organizerId)} — workflow ${shown(status.workflowId)}`];
  lines.push(
    status.executionStatus === 'RUNNING'
      ? runningLine(status)
      : status.executionStatus
        ? `not scheduled (last execution ${status.executionStatus.toLowerCase()})`
        : 'never scheduled',
  );
  if (status.state) {
    const p = status.state.progress;
    lines.push(`current run: ${status.state.phase}, ${p.pages} page(s), ${itemCountsText(p)}`);
    // Refused signals among them (issue 13); a run of an older version has none to say.
    for (const warning of status.state.warnings ?? []) lines.push(`  warning: ${shown(warning)}`);
  }
  lines.push(...currentRunLines(status), ...pastRunLines(status, now), ...failedTransferLines(status));
  if (status.lastRun) {
    lines.push(`last finished run (${status.lastRun.closedAt?.toISOString() ?? 'time unknown'}):`);
    lines.push(
      ...formatRun(status.lastRun.result)
        .split('\n')
        .map((line) => `  ${line}`),
    );
  }
  return lines.join('\n');
}

export function formatImport(summary: ImportSummary): string {
  const lines = [
    `imported ${shown(summary.source)} for ${shown(summary.organizerId)} (${summary.parts} part(s)): ` +
      `${itemCountsText({ ...summary, rejected: summary.rejected.length })}; ${summary.transfers} transfer step(s)`,
  ];
  for (const item of summary.rejected.slice(0, 50)) {
    lines.push(
      `  rejected ${item.ticketId === undefined ? `item #${item.index}` : shown(item.ticketId)}  ${shown(item.path)}: ${shown(item.reason)}`,
    );
  }
  return lines.join('\n');
}
