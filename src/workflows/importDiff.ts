import { patched, proxyActivities } from '@temporalio/workflow';
import type { ApplySummary, FeedbackActivities } from '../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import { z } from 'zod';
import { OrganizerId } from '../domain/organizer';
import { checkedWorkflowInput } from './checkedInput';
import { surfacingFailures } from './surfaceFailure';
import { handOffTransfers } from './transferHandOff';

const { loadRunSettings, applyImportedItems } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});

/** Imports from 2026-11-23 on start a transfer's workflow with all its steps of the file at once. */
const GROUPED_HAND_OFF_PATCH = 'grouped-transfer-hand-off';

export interface ImportDiffInput {
  organizerId: string;
  /** The file's name, for summaries. */
  source: string;
  /** The file's items (a part of them when the file is large). */
  items: unknown[];
  /** Skip-list entries in force (the organizer's live list when the import started). */
  skipTickets: string[];
}

export interface ImportDiffResult extends Omit<ApplySummary, 'halted' | 'resolvedRejections' | 'transfers'> {
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
 * its transfer steps to the transfer workflows. Never scheduled; never moves the pagination key.
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
  await handOffTransfers(summary.transfers, settings.acceptanceWindowMs, patched(GROUPED_HAND_OFF_PATCH));
  return {
    organizerId: input.organizerId,
    source: input.source,
    items: summary.items,
    applied: summary.applied,
    unchanged: summary.unchanged,
    skipped: summary.skipped,
    rejected: summary.rejected,
    transfers: summary.transfers.length,
  };
}
