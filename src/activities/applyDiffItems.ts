import { Context } from '@temporalio/activity';
import { validateDiffItems, type DiffItem, type RejectedItem } from '../domain/diffItem';
import { newestChangePerTicket, toMobileUpdate, type MobileUpdate } from '../domain/mobileUpdate';
import { skipMatcher, skippableOf, usableSkipList } from '../domain/skipList';
import { boundRecipientDetails, fnv1a, type TransferEvent } from '../domain/transferEvent';
import type { S360Gateway } from '../s360/gateway';
import { ChunkWriter, type ChunkOutcome, type ChunkWrite, type RefusedUpdate } from './chunkWriter';
import { refusedItems } from './refusedItems';
import { transferEventsOf, type TransferKeyer } from './transferKeys';

/** A rejected item with its raw text (bounded), so an operator can fix it and replay it. */
export interface RejectedDiffItem extends RejectedItem {
  raw?: string;
}

export interface ApplyOptions {
  organizerId: string;
  /**
   * Skip-list entries, normalized (`id:<ticketId>` or tax numbers), judged before they get here;
   * an entry that does not parse is left out (never a SkipListError: issue 13).
   */
  skipTickets: readonly string[];
  /** doContinueInCaseOfSyncError=false: stop at the first failing ticket. */
  strict: boolean;
  distributionEnabled: boolean;
  /** Keys the transfer steps (the worker's secret; src/activities/transferKeys.ts). */
  transferKeys: TransferKeyer;
  /** Ticket ids with an open rejection: the answer says which ones a valid change now resolves. */
  openRejectionTicketIds: readonly string[];
  /** Identifies the items (a page key or a file) so a retried attempt resumes where it stopped. */
  resumeToken: string;
  /**
   * The worker's clock (ms since the epoch; default: now): a TIXNGO time more than
   * FUTURE_TOLERANCE_MS after it is a rejection (src/domain/diffItem.ts).
   */
  now?: number;
  /** Observability hook: the TIXNGO change times of the tickets just written to S-360. */
  onWritten?: (statusChangedAt: readonly string[]) => void;
}

/**
 * What applying some diff items did. Every item is counted once, under one name (issue 15 item 5):
 * `items = applied + unchanged + superseded + skipped + rejected.length + heldBack`.
 */
export interface ApplySummary {
  items: number;
  /** Tickets whose newest change S-360 took (one per ticket). */
  applied: number;
  /** Tickets S-360 already had at that change or a newer one (the conditional write changed nothing). */
  unchanged: number;
  /** Changes not written because a newer change of the same ticket in these items replaced them (SPEC §10). */
  superseded: number;
  /** Items of tickets on the skip list, valid or not (left out before validation, SPEC §2). */
  skipped: number;
  /** Invalid items and tickets S-360 refused; in strict mode only the one that halted the items. */
  rejected: RejectedDiffItem[];
  /**
   * Strict mode (doContinueInCaseOfSyncError=false): items after the halting ticket that were neither
   * written nor counted above (the key stays, so the next run reads them again); 0 otherwise. For a
   * page refused whole (PageSummary `refused`), every item of it.
   */
  heldBack: number;
  /** Open rejections that a valid change of the same ticket (or a skip) has now replaced, by ticket id. */
  resolvedRejections: string[];
  /**
   * Of resolvedRejections resolved by a valid change: ticket id → that change's statusChangedAt (the
   * page's newest of the ticket). A rejection of a newer change stays open (resolvedByImport): an
   * older change applied does not stand for a newer one that never was.
   */
  resolvedChanges?: Record<string, string>;
  transfers: TransferEvent[];
  /** Strict mode: the failing ticket that stopped the page (the tickets before it were applied). */
  halted?: RejectedDiffItem;
}

/** Bulk writes go to S-360 in chunks; each chunk applied is a heartbeat a retry resumes from. */
export const APPLY_CHUNK_SIZE = 500;
/** Chunks of one page written to S-360 at once. */
export const APPLY_CONCURRENCY = 4;
const MAX_RAW_CHARS = 2048;
/**
 * Recipients' details a page summary carries (JSON bytes); beyond, closing fetches them from TIXNGO.
 * The rest of a summary is bounded by slicing the page (src/activities/summaryCost.ts), so a
 * summary stays below ≈ 830 KiB whatever the page (README, "Bounds").
 */
export const RECIPIENT_DETAILS_BUDGET_BYTES = 256 * 1024;
/** Heartbeat period while waiting on S-360 (the workflow's heartbeat timeout is 15 s). */
const KEEPALIVE_MS = 3000;

interface ResumePoint {
  resumeToken: string;
  /** Fingerprint of the updates: a retry resumes only if it is applying the very same updates. */
  fingerprint: string;
  chunksApplied: number;
  applied: number;
  unchanged: number;
  /** Tickets S-360 refused in the chunks applied (absent in points recorded before). */
  refused?: RefusedUpdate[];
}

/** An item as TIXNGO sent it, as JSON cut at 2 KiB (what a rejection carries to be fixed and replayed). */
export function rawText(raw: unknown): string | undefined {
  try {
    const text = JSON.stringify(raw);
    return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
  } catch {
    return undefined;
  }
}

function resumePoint(resumeToken: string, fingerprint: string): ResumePoint | undefined {
  const details = activityContext()?.info.heartbeatDetails as ResumePoint | undefined;
  return details?.resumeToken === resumeToken && details.fingerprint === fingerprint ? details : undefined;
}

function fingerprintOf(updates: readonly MobileUpdate[]): string {
  return fnv1a(updates.map((update) => `${update.ticketId}@${update.statusChangedAt}`).join('\n'));
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (unit tests)
  }
}

/**
 * The one path from diff items to S-360, for a TIXNGO page and for an uploaded file alike:
 * validate each item, leave skipped tickets alone, apply the newest change per ticket in bulk
 * (conditional on TIXNGO's change time, so a retry or a replay changes nothing), and hand back the
 * transfer steps for the transfer workflows.
 */
export async function applyDiffItems(
  s360: S360Gateway,
  items: readonly unknown[],
  options: ApplyOptions,
): Promise<ApplySummary> {
  // A skipped ticket is left out before validation (SPEC §2): an invalid item of it is skipped, not rejected.
  const skip = skipMatcher(usableSkipList(options.skipTickets));
  const skippedAt = items.map((raw) => skip(skippableOf(raw)));
  const validation = { now: options.now ?? Date.now(), mirrorsTransfers: options.distributionEnabled };
  const { valid, rejected: invalid } = validateDiffItems(items, validation);
  const rejected: RejectedDiffItem[] = invalid
    .filter((item) => !skippedAt[item.index])
    .map((item) => ({ ...item, raw: rawText(items[item.index]) }));

  let candidates: DiffItem[] = valid;
  let halted: RejectedDiffItem | undefined;
  let heldBack = 0;
  let considered = items.length;
  if (options.strict && rejected.length > 0) {
    // Strict: the tickets before the first failing one are applied, nothing after it.
    halted = rejected.reduce((first, item) => (item.index < first.index ? item : first));
    candidates = validateDiffItems(items.slice(0, halted.index), validation).valid;
    heldBack = items.length - halted.index - 1;
    considered = halted.index;
  }

  const kept = candidates.filter((item) => !skip(item));
  const skipped = skippedAt.slice(0, considered).filter(Boolean).length;
  const { newest: updates, superseded } = newestChangePerTicket(kept.map(toMobileUpdate));

  const fingerprint = fingerprintOf(updates);
  const resume = resumePoint(options.resumeToken, fingerprint);
  const context = activityContext();
  const chunks = Math.ceil(updates.length / APPLY_CHUNK_SIZE);
  // Chunks hold distinct tickets (newest per ticket), so several can be written at once. The resume
  // point only moves over the chunks applied without a gap: a retry rewrites the others, which the
  // conditional write turns into "unchanged".
  const done: ChunkWrite[] = [];
  let contiguous = resume?.chunksApplied ?? 0;
  let applied = resume?.applied ?? 0;
  let unchanged = resume?.unchanged ?? 0;
  const refused: RefusedUpdate[] = [...(resume?.refused ?? [])];
  let next = contiguous;
  let point: ResumePoint = {
    resumeToken: options.resumeToken,
    fingerprint,
    chunksApplied: contiguous,
    applied,
    unchanged,
    refused,
  };
  // A ticket S-360 will not take is found by splitting its chunk, and rejected (issue 13, item 4).
  const refusedBefore = new Set(refused.map((item) => item.ticketId));
  const writer = new ChunkWriter(
    s360,
    updates.slice(0, contiguous * APPLY_CHUNK_SIZE).filter((update) => !refusedBefore.has(update.ticketId)),
  );
  const held: { chunk: number; outcome: ChunkOutcome }[] = [];
  const advance = (): void => {
    let moved = false;
    for (let result = done[contiguous]; result !== undefined; result = done[contiguous]) {
      applied += result.applied;
      unchanged += result.unchanged;
      refused.push(...result.refused);
      contiguous += 1;
      moved = true;
    }
    if (moved) {
      point = { ...point, chunksApplied: contiguous, applied, unchanged, refused: [...refused] };
      context?.heartbeat(point);
    }
  };
  const lane = async (): Promise<void> => {
    while (next < chunks) {
      const chunk = next;
      next += 1;
      const outcome = await writer.write(
        updates.slice(chunk * APPLY_CHUNK_SIZE, (chunk + 1) * APPLY_CHUNK_SIZE),
      );
      // A chunk with 5xx suspects is judged once every chunk is written; the resume point waits for it.
      if (outcome.suspects.length > 0) held.push({ chunk, outcome });
      else done[chunk] = outcome;
      advance();
    }
  };
  // Heartbeat while chunks are in flight too, so a slow S-360 is not mistaken for a dead worker.
  const keepAlive = context ? setInterval(() => context.heartbeat(point), KEEPALIVE_MS) : undefined;
  try {
    await Promise.all(Array.from({ length: Math.min(APPLY_CONCURRENCY, chunks - next) }, lane));
    for (const { chunk, outcome } of held) {
      done[chunk] = await writer.confirm(outcome);
      advance();
    }
  } finally {
    clearInterval(keepAlive);
  }
  const refusedIds = new Set(refused.map((item) => item.ticketId));
  options.onWritten?.(
    updates.filter((update) => !refusedIds.has(update.ticketId)).map((update) => update.statusChangedAt),
  );

  // S-360 refused these: rejected like invalid items; their transfers wait for a replay of the item.
  const refusedRejections = refusedItems(items, updates, refused).map((item) => ({
    ...item,
    raw: rawText(items[item.index]),
  }));
  if (refusedRejections.length > 0) {
    rejected.push(...refusedRejections);
    // Strict: the page halts at the first failing ticket and the key stays; tickets after it in other
    // chunks may already be written (chunks are written at once), which a rerun finds unchanged.
    // The invalid item that halted the items so far, if any, and the other refused tickets are then
    // held back with the rest: only the first refused ticket is reported.
    if (options.strict) {
      heldBack += (halted ? 1 : 0) + refusedRejections.length - 1;
      halted = rejected.reduce((first, item) => (item.index < first.index ? item : first));
    }
  }
  // A rejection is resolved by a valid change of its ticket (not older than the rejected one: the
  // workflow compares, with each ticket's newest change here), or by skipping the ticket.
  const handledChanges = new Map<string, string>();
  for (const item of candidates) {
    if (refusedIds.has(item.ticketId)) continue;
    const known = handledChanges.get(item.ticketId);
    if (known === undefined || Date.parse(item.statusChangedAt) > Date.parse(known))
      handledChanges.set(item.ticketId, item.statusChangedAt);
  }
  const resolvedRejections = options.openRejectionTicketIds.filter(
    (ticketId) => handledChanges.has(ticketId) || skip({ ticketId }),
  );
  const resolvedChanges = Object.fromEntries(
    resolvedRejections.flatMap((ticketId) => {
      const changedAt = skip({ ticketId }) ? undefined : handledChanges.get(ticketId);
      return changedAt === undefined ? [] : [[ticketId, changedAt] as const];
    }),
  );
  const transfers = options.distributionEnabled
    ? boundRecipientDetails(
        await transferEventsOf(
          s360,
          options.transferKeys,
          options.organizerId,
          kept.filter((item) => !refusedIds.has(item.ticketId)),
        ),
        RECIPIENT_DETAILS_BUDGET_BYTES,
      )
    : [];
  return {
    items: items.length,
    applied,
    unchanged,
    superseded,
    skipped,
    rejected: halted ? [halted] : rejected,
    heldBack,
    resolvedRejections,
    ...(Object.keys(resolvedChanges).length > 0 && { resolvedChanges }),
    transfers,
    halted,
  };
}
