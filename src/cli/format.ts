import type { ImportSummary } from '../client/importDiffFile';
import type { OrganizerStatus } from '../client/organizerStatus';
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
    `${result.pages} page(s), ${result.items} item(s): ${result.applied} applied, ${result.unchanged} unchanged, ` +
      `${result.skipped} skipped, ${result.rejected} rejected, ${result.transfers} transfer step(s) — ${STOP_REASON[result.stoppedBy]}`,
    `next pagination key: ${result.paginationKey ?? '(none: starts from the beginning)'}`,
  ];
  if (result.skipTickets.length > 0) lines.push(`live skip list: ${result.skipTickets.join(', ')}`);
  if (result.syncError) {
    lines.push(
      `failing ticket: ${result.syncError.ticketId ?? `#${result.syncError.index}`} ${result.syncError.path}: ${result.syncError.reason}`,
    );
  }
  if (result.halt) lines.push(`halted: ${result.halt}`);
  if (result.openRejections.length > 0) {
    lines.push(
      `open rejections (${result.openRejections.length}${result.droppedRejections ? `, ${result.droppedRejections} older dropped` : ''}):`,
    );
    for (const item of result.openRejections.slice(-20)) {
      lines.push(
        `  ${item.ticketId ?? `(no ticket id, item #${item.index})`}  ${item.path}: ${item.reason}  (since ${item.firstSeenAt})`,
      );
    }
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export function formatStatus(status: OrganizerStatus): string {
  const lines = [`organizer ${status.organizerId} — workflow ${status.workflowId}`];
  lines.push(
    status.executionStatus === 'RUNNING'
      ? `scheduled (running since ${status.startedAt?.toISOString()})`
      : status.executionStatus
        ? `not scheduled (last execution ${status.executionStatus.toLowerCase()})`
        : 'never scheduled',
  );
  if (status.state) {
    const p = status.state.progress;
    lines.push(
      `current run: ${status.state.phase}, ${p.pages} page(s), ${p.items} item(s), ${p.applied} applied, ${p.rejected} rejected`,
    );
    // Refused signals among them (issue 13); a run of an older version has none to say.
    for (const warning of status.state.warnings ?? []) lines.push(`  warning: ${warning}`);
  }
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
    `imported ${summary.source} for ${summary.organizerId} (${summary.parts} part(s)): ${summary.items} item(s), ` +
      `${summary.applied} applied, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ` +
      `${summary.rejected.length} rejected, ${summary.transfers} transfer step(s)`,
  ];
  for (const item of summary.rejected.slice(0, 50)) {
    lines.push(`  rejected ${item.ticketId ?? `item #${item.index}`}  ${item.path}: ${item.reason}`);
  }
  return lines.join('\n');
}
