import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ApplySummary, FeedbackActivities } from '../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import { z } from 'zod';
import { OrganizerId } from '../domain/organizer';
import { checkedWorkflowInput } from './checkedInput';
import { surfacingFailures } from './surfaceFailure';
import { transferStartsWorkflowId } from './ids';
import { startTransfers } from './startTransfers';

const { loadRunSettings, applyImportedItems } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});

export interface ImportDiffInput {
  organizerId: string;
  /** The file's name, for summaries. */
  source: string;
  /** The file's items (a part of them when the file is large). */
  items: unknown[];
  /** Skip-list entries in force (the organizer's live list when the import started). */
  skipTickets: string[];
}

/** An import is never strict: `items = applied + unchanged + superseded + skipped + rejected.length`. */
export interface ImportDiffResult extends Omit<
  ApplySummary,
  'halted' | 'heldBack' | 'resolvedRejections' | 'resolvedChanges' | 'transfers'
> {
  organizerId: string;
  source: string;
  transfers: number;
}

/** ImportDiffInput as the workflow accepts it: items are judged one by one by the activity. */
const ImportDiffInputRecord = z.looseObject({
  organizerId: OrganizerId,
  source: z.string().max(1_024),
  items: z.array(z.unknown()),
  skipTickets: z.array(z.string()),
});

/**
 * Applies an uploaded diff file once, through the same activity code as a TIXNGO page, and hands
 * its transfer steps to the transfer workflows through the same path as a feedback run
 * (startTransfers: handOffTransferSteps activity calls of at most 100 transfers, or, in histories
 * from before that, short-lived children, so the import never holds more than a few pending
 * children however many transfers its file has). Never scheduled; never moves the pagination key.
 */
export async function importDiffWorkflow(rawInput: ImportDiffInput): Promise<ImportDiffResult> {
  const input = checkedWorkflowInput('import', ImportDiffInputRecord, rawInput);
  const settings = await surfacingFailures(() => loadRunSettings({ organizerId: input.organizerId }));
  const summary = await surfacingFailures(() =>
    applyImportedItems({
      organizerId: input.organizerId,
      source: input.source,
      items: input.items,
      skipTickets: [...settings.configSkipTickets, ...input.skipTickets],
      distributionEnabled: settings.distributionEnabled,
    }),
  );
  // As a feedback run does: through startTransfers, a ticket's transfers oldest first (the ids name
  // the hand-off children of histories from before the activity path).
  let children = 0;
  await startTransfers(summary.transfers, settings.acceptanceWindowMs, () =>
    transferStartsWorkflowId(input.organizerId, workflowInfo().runId, (children += 1)),
  );
  return {
    organizerId: input.organizerId,
    source: input.source,
    items: summary.items,
    applied: summary.applied,
    unchanged: summary.unchanged,
    superseded: summary.superseded,
    skipped: summary.skipped,
    rejected: summary.rejected,
    transfers: summary.transfers.length,
  };
}
