import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { RejectedDiffItem } from '../activities';
import { parseDiffDocument } from '../domain/diffDocument';
import { ticketIdOf } from '../domain/diffItem';
import { OrganizerId } from '../domain/organizer';
import { MAX_TICKET_BYTES, ticketSizeProblem } from '../domain/ticketSize';
import type { ImportDiffInput, ImportDiffResult } from '../workflows';
import { resolveRejectionsSignal } from '../workflows/definitions';
import { feedbackWorkflowId, importWorkflowId } from '../workflows/ids';
import { MAX_SIGNAL_ENTRIES, MAX_TICKET_ID_LENGTH } from '../workflows/signalPayloads';
import { ORGANIZER_ID } from '../workflows/searchAttributes';
import { FileAlreadyImportedError } from './errors';
import { carryOver, DEFAULT_TASK_QUEUE } from './scheduleOrganizer';
import { watchPickup } from './runFollower';
import { formatWaitingLine, notPickedUpText } from './runSummaries';

/**
 * A large file goes in parts, each in a workflow of its own, so that no payload nears Temporal's
 * 2 MiB limit (issue 13 item 5): a part's input (≤ MAX_PART_BYTES of items) and its result (one
 * rejection of ≤ ≈ 2.5 KiB per item at worst, ≤ MAX_PART_ITEMS items, one transfer step each).
 */
export const MAX_PART_BYTES = 256 * 1024;
export const MAX_PART_ITEMS = 500;
/** One item larger than this is not sent at all: it is rejected, listed, like any bad ticket. */
export const MAX_ITEM_BYTES = MAX_TICKET_BYTES;

export interface ImportOptions {
  organizerId: string;
  file: string;
  taskQueue?: string;
  /** Apply a file that was already imported once more. */
  again?: boolean;
  /**
   * Called with one line when a part's workflow task waits for a worker (none polls its task queue,
   * or all are busy: src/client/runFollower.ts watchPickup), so an import does not wait in silence.
   */
  onProgress?: (line: string) => void;
}

export interface ImportSummary extends Omit<ImportDiffResult, 'rejected'> {
  parts: number;
  rejected: ImportDiffResult['rejected'];
}

export interface FileParts {
  parts: unknown[][];
  /** Items too large to send (MAX_ITEM_BYTES), by their index in the file. */
  tooLarge: RejectedDiffItem[];
}

/** The file's items in parts of at most MAX_PART_ITEMS items and MAX_PART_BYTES (JSON, UTF-8). */
export function splitIntoParts(items: readonly unknown[]): FileParts {
  const parts: unknown[][] = [];
  const tooLarge: RejectedDiffItem[] = [];
  let current: unknown[] = [];
  let size = 0;
  for (const [index, item] of items.entries()) {
    // The same rule as a TIXNGO page's (validateDiffItem), checked here so the item is never sent.
    const problem = ticketSizeProblem(item);
    if (problem !== undefined) {
      tooLarge.push({ ticketId: ticketIdOf(item), index, path: '(item)', reason: problem });
      continue;
    }
    const itemSize = Buffer.byteLength(JSON.stringify(item) ?? 'null');
    if (current.length > 0 && (size + itemSize > MAX_PART_BYTES || current.length >= MAX_PART_ITEMS)) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return { parts, tooLarge };
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

  const { parts, tooLarge } = splitIntoParts(items);
  const summary: ImportSummary = {
    organizerId,
    source,
    parts: parts.length,
    items: 0,
    applied: 0,
    unchanged: 0,
    superseded: 0,
    skipped: 0,
    rejected: [],
    transfers: 0,
  };
  summary.items += tooLarge.length;
  summary.rejected.push(...tooLarge);
  for (const [index, part] of parts.entries()) {
    const workflowId = importWorkflowId(organizerId, `${fileId}-${index + 1}of${parts.length}`);
    const input: ImportDiffInput = { organizerId, source, items: part, skipTickets };
    let result: ImportDiffResult;
    try {
      const handle = await client.workflow.start('importDiffWorkflow', {
        workflowId,
        taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: options.again
          ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
          : WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
      });
      const { onProgress } = options;
      const what = `import part ${index + 1} of ${parts.length} (workflow ${workflowId})`;
      const watch = onProgress
        ? watchPickup(client, workflowId, (event) =>
            onProgress(
              `${formatWaitingLine(organizerId, what, notPickedUpText(event))}; import keeps waiting (Ctrl-C stops ` +
                `waiting; the part stays until a worker of that queue runs it, or it is terminated)`,
            ),
          )
        : undefined;
      try {
        result = (await handle.result()) as ImportDiffResult;
      } finally {
        watch?.stop();
      }
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new FileAlreadyImportedError(organizerId, workflowId);
      throw error;
    }
    summary.items += result.items;
    summary.applied += result.applied;
    summary.unchanged += result.unchanged;
    // A part imported by a worker from before the count had none (its duplicates then count nowhere).
    summary.superseded += result.superseded ?? 0;
    summary.skipped += result.skipped;
    summary.transfers += result.transfers;
    summary.rejected.push(...result.rejected);
  }
  await resolveFixedRejections(client, organizerId, items, summary.rejected);
  return summary;
}

/**
 * The newest change time (statusChangedAt, as written) the file gives each of these tickets: the
 * workflow resolves a rejection only when the change applied is not older than the rejected one.
 */
function newestChanges(items: readonly unknown[], ticketIds: ReadonlySet<string>): Map<string, string> {
  const newest = new Map<string, string>();
  for (const item of items) {
    const { ticketId, statusChangedAt } = (item ?? {}) as { ticketId?: unknown; statusChangedAt?: unknown };
    if (typeof ticketId !== 'string' || !ticketIds.has(ticketId) || typeof statusChangedAt !== 'string')
      continue;
    if (statusChangedAt.length > 64 || Number.isNaN(Date.parse(statusChangedAt))) continue;
    const known = newest.get(ticketId);
    if (known === undefined || Date.parse(statusChangedAt) > Date.parse(known))
      newest.set(ticketId, statusChangedAt);
  }
  return newest;
}

/**
 * Tells the organizer's feedback workflow, if it runs, that the imported tickets are fixed, with
 * which change of each was applied (a rejection of a newer change stays open).
 */
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
  const changes = newestChanges(items, appliedIds);
  // The workflow refuses a signal of more than MAX_SIGNAL_ENTRIES ids (src/workflows/signalPayloads.ts).
  for (let start = 0; start < ids.length; start += MAX_SIGNAL_ENTRIES) {
    const part = ids.slice(start, start + MAX_SIGNAL_ENTRIES);
    // fromEntries: every id an own property (a ticket id may be any text, "__proto__" too).
    const partChanges: Record<string, string> = Object.fromEntries(
      part.flatMap((id): [string, string][] => {
        const changedAt = changes.get(id);
        return changedAt === undefined ? [] : [[id, changedAt]];
      }),
    );
    try {
      await client.workflow
        .getHandle(feedbackWorkflowId(organizerId))
        .signal(resolveRejectionsSignal, part, partChanges);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return;
      throw error;
    }
  }
}
