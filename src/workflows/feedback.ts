import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { FeedbackActivities, PageSummary, RejectedDiffItem } from '../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import {
  MAX_OPEN_REJECTIONS,
  resolveRejectionsSignal,
  skipTicketsSignal,
  stateQuery,
  unskipTicketsSignal,
  type FeedbackRunResult,
  type FeedbackState,
  type FeedbackWorkflowInput,
  type OpenRejection,
} from './definitions';
import { surfacingFailures } from './surfaceFailure';
import { handOffTransfers } from './transferHandOff';

const { loadRunSettings } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});

const { processDiffPage } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '5 minutes',
  // A dead worker is noticed within 15 s; the page is then retried from its last heartbeat.
  heartbeatTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** Leave room under Temporal's limits: 2,000 pending children, 50 MiB / 50k events (warnings at 10). */
export const HISTORY_EVENTS_LIMIT = 8_000;
export const HISTORY_BYTES_LIMIT = 8 * 1024 * 1024;
export const CHILDREN_PER_RUN_LIMIT = 1_000;

function normalizeEntries(entries: readonly string[]): string[] {
  return entries
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function previousResult(): Partial<FeedbackRunResult> | undefined {
  return workflowInfo().lastResult as Partial<FeedbackRunResult> | undefined;
}

function toOpenRejection(item: RejectedDiffItem, pageKey: string | undefined, now: string): OpenRejection {
  return { ...item, firstSeenAt: now, pageKey };
}

/**
 * One run of an organizer's feedback: reads its settings, then drains TIXNGO's diff page by page
 * into S-360, hands transfer steps to transfer workflows, and returns where the next run starts.
 */
export async function feedbackWorkflow(input: FeedbackWorkflowInput): Promise<FeedbackRunResult> {
  const last = previousResult();
  const liveSkip = new Set(normalizeEntries(last?.skipTickets ?? input.skipTickets ?? []));
  let openRejections: OpenRejection[] = [...(last?.openRejections ?? input.openRejections ?? [])];
  const result: FeedbackRunResult = {
    organizerId: input.organizerId,
    paginationKey: last ? last.paginationKey : input.paginationKey,
    skipTickets: [],
    pages: 0,
    items: 0,
    applied: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    transfers: 0,
    stoppedBy: 'drained',
    openRejections: [],
    droppedRejections: last?.droppedRejections ?? 0,
    warnings: [],
  };
  let phase: FeedbackState['phase'] = 'starting';

  setHandler(skipTicketsSignal, (entries) =>
    normalizeEntries(entries).forEach((entry) => liveSkip.add(entry)),
  );
  setHandler(unskipTicketsSignal, (entries) =>
    normalizeEntries(entries).forEach((entry) => liveSkip.delete(entry)),
  );
  setHandler(resolveRejectionsSignal, (ticketIds) => {
    const fixed = new Set(ticketIds);
    openRejections = openRejections.filter(
      (item) => item.ticketId === undefined || !fixed.has(item.ticketId),
    );
  });
  setHandler(stateQuery, () => ({
    organizerId: input.organizerId,
    phase,
    paginationKey: result.paginationKey,
    skipTickets: [...liveSkip],
    progress: {
      pages: result.pages,
      items: result.items,
      applied: result.applied,
      unchanged: result.unchanged,
      skipped: result.skipped,
      rejected: result.rejected,
      transfers: result.transfers,
    },
    openRejections,
  }));

  const finish = (stoppedBy: FeedbackRunResult['stoppedBy']): FeedbackRunResult => {
    phase = 'done';
    result.stoppedBy = stoppedBy;
    result.skipTickets = [...liveSkip];
    const overflow = openRejections.length - MAX_OPEN_REJECTIONS;
    if (overflow > 0) {
      openRejections = openRejections.slice(overflow);
      result.droppedRejections += overflow;
    }
    result.openRejections = openRejections;
    return result;
  };

  if (input.notBefore && Date.now() < Date.parse(input.notBefore)) {
    phase = 'waiting-for-start-date';
    return finish('not-started');
  }

  const settings = await surfacingFailures(() => loadRunSettings({ organizerId: input.organizerId }));
  result.warnings.push(...settings.warnings);
  phase = 'processing';

  for (;;) {
    // Signals delivered since the last page (handlers run first in each workflow task) count from here on.
    const page: PageSummary = await surfacingFailures(() =>
      processDiffPage({
        organizerId: input.organizerId,
        paginationKey: result.paginationKey,
        skipTickets: [...settings.configSkipTickets, ...liveSkip],
        strict: !settings.doContinueInCaseOfSyncError,
        distributionEnabled: settings.distributionEnabled,
        openRejectionTicketIds: [...new Set(openRejections.flatMap((item) => item.ticketId ?? []))],
      }),
    );
    result.pages += 1;
    result.items += page.items;
    result.applied += page.applied;
    result.unchanged += page.unchanged;
    result.skipped += page.skipped;
    result.rejected += page.rejected.length;

    const resolved = new Set(page.resolvedRejections);
    const now = new Date().toISOString();
    openRejections = [
      ...openRejections.filter((item) => item.ticketId === undefined || !resolved.has(item.ticketId)),
      ...page.rejected
        .filter(
          (item) =>
            !openRejections.some(
              (open) =>
                open.ticketId !== undefined &&
                open.ticketId === item.ticketId &&
                open.path === item.path &&
                open.reason === item.reason,
            ),
        )
        .map((item) => toOpenRejection(item, result.paginationKey, now)),
    ];

    if (page.transfers.length > 0) {
      phase = 'handing-off-transfers';
      await handOffTransfers(page.transfers, settings.acceptanceWindowMs);
      result.transfers += page.transfers.length;
      phase = 'processing';
    }
    // The key moves only now that the page and its transfers are handed over.
    result.paginationKey = page.nextPaginationKey;

    if (page.halted) {
      result.syncError = page.halted;
      return finish('sync-error');
    }
    if (page.drained) return finish('drained');
    if (result.pages >= settings.pageBudget) return finish('page-budget');
    const info = workflowInfo();
    if (
      info.continueAsNewSuggested ||
      info.historyLength > HISTORY_EVENTS_LIMIT ||
      info.historySize > HISTORY_BYTES_LIMIT
    ) {
      return finish('history-limit');
    }
    if (result.transfers >= CHILDREN_PER_RUN_LIMIT) return finish('children-limit');
  }
}
