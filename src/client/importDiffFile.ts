import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { parseDiffDocument } from '../domain/diffDocument';
import { OrganizerId } from '../domain/organizer';
import type { ImportDiffInput, ImportDiffResult } from '../workflows';
import { resolveRejectionsSignal } from '../workflows/definitions';
import { feedbackWorkflowId, importWorkflowId } from '../workflows/ids';
import { MAX_SIGNAL_ENTRIES, MAX_TICKET_ID_LENGTH } from '../workflows/signalPayloads';
import { ORGANIZER_ID } from '../workflows/searchAttributes';
import { FileAlreadyImportedError } from './errors';
import { carryOver, DEFAULT_TASK_QUEUE } from './scheduleOrganizer';

/** Workflow inputs stay well under Temporal's 2 MiB payload limit: a large file goes in parts. */
export const MAX_PART_BYTES = 1024 * 1024;

export interface ImportOptions {
  organizerId: string;
  file: string;
  taskQueue?: string;
  /** Apply a file that was already imported once more. */
  again?: boolean;
}

export interface ImportSummary extends Omit<ImportDiffResult, 'rejected'> {
  parts: number;
  rejected: ImportDiffResult['rejected'];
}

function splitBySize(items: readonly unknown[]): unknown[][] {
  const parts: unknown[][] = [];
  let current: unknown[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = Buffer.byteLength(JSON.stringify(item) ?? 'null');
    if (current.length > 0 && size + itemSize > MAX_PART_BYTES) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

/**
 * The "file to upload" (SPEC §2): applies a diff-format file once, through the same activity code
 * as the cron runs, in an import workflow of its own; never on a schedule; the key does not move.
 */
export async function importDiffFile(client: Client, options: ImportOptions): Promise<ImportSummary> {
  const organizerId = OrganizerId.parse(options.organizerId);
  const text = await readFile(options.file, 'utf8');
  parseDiffDocument(text, options.file); // a broken envelope stops here, saying where and why
  const items = (JSON.parse(text.replace(/^\uFEFF/, '')) as { result: unknown[] }).result;
  const source = path.basename(options.file);
  const fileId = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const { skipTickets = [] } = await carryOver(client, organizerId);

  const parts = splitBySize(items);
  const summary: ImportSummary = {
    organizerId,
    source,
    parts: parts.length,
    items: 0,
    applied: 0,
    unchanged: 0,
    skipped: 0,
    rejected: [],
    transfers: 0,
  };
  for (const [index, part] of parts.entries()) {
    const workflowId = importWorkflowId(organizerId, `${fileId}-${index + 1}of${parts.length}`);
    const input: ImportDiffInput = { organizerId, source, items: part, skipTickets };
    let result: ImportDiffResult;
    try {
      result = await client.workflow.execute('importDiffWorkflow', {
        workflowId,
        taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: options.again
          ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
          : WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new FileAlreadyImportedError(organizerId, workflowId);
      throw error;
    }
    summary.items += result.items;
    summary.applied += result.applied;
    summary.unchanged += result.unchanged;
    summary.skipped += result.skipped;
    summary.transfers += result.transfers;
    summary.rejected.push(...result.rejected);
  }
  await resolveFixedRejections(client, organizerId, items, summary.rejected);
  return summary;
}

/** Tells the organizer's feedback workflow, if it runs, that the imported tickets are fixed. */
async function resolveFixedRejections(
  client: Client,
  organizerId: string,
  items: readonly unknown[],
  rejected: readonly { index: number; ticketId?: string }[],
): Promise<void> {
  const rejectedIds = new Set(rejected.flatMap((item) => item.ticketId ?? []));
  const appliedIds = new Set(
    items.flatMap((item) => {
      const ticketId = (item as { ticketId?: unknown } | null)?.ticketId;
      return typeof ticketId === 'string' &&
        ticketId.length <= MAX_TICKET_ID_LENGTH &&
        !rejectedIds.has(ticketId)
        ? [ticketId]
        : [];
    }),
  );
  const ids = [...appliedIds];
  // The workflow refuses a signal of more than MAX_SIGNAL_ENTRIES ids (src/workflows/signalPayloads.ts).
  for (let start = 0; start < ids.length; start += MAX_SIGNAL_ENTRIES) {
    try {
      await client.workflow
        .getHandle(feedbackWorkflowId(organizerId))
        .signal(resolveRejectionsSignal, ids.slice(start, start + MAX_SIGNAL_ENTRIES));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return;
      throw error;
    }
  }
}
