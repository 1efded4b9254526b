/**
 * The run's open rejections (SPEC §9, §11): merged page by page, never dropped, bounded in count
 * and bytes (issue 13 item 5). Pure and deterministic (workflow code).
 */
import type { RejectedDiffItem } from '../activities';
import { jsonBytes } from '../domain/payloadSize';
import { commonestReasons, shownKey, skipEntriesFor } from '../domain/rejectionDigest';
import { isRejectionRef, rejectionRef } from '../domain/rejectionRef';
import { skipMatcher, usableSkipList } from '../domain/skipList';
import { MAX_OPEN_REJECTIONS, MAX_OPEN_REJECTIONS_BYTES, type OpenRejection } from './definitions';

/** One rejection, once: by ticket, field and reason; an item without a usable id by its place in its page. */
function identity(item: RejectedDiffItem, pageKey: string | undefined): string {
  return item.ticketId !== undefined
    ? `id|${item.ticketId}|${item.path}|${item.reason}`
    : `at|${pageKey ?? ''}|${item.index}|${item.path}|${item.reason}`;
}

/** The time of the change a rejection kept (its raw item's statusChangedAt), if it can be read. */
function rejectedChangeTime(item: OpenRejection): number | undefined {
  if (item.raw === undefined) return undefined;
  try {
    const raw: unknown = JSON.parse(item.raw);
    const changedAt = (raw as { statusChangedAt?: unknown } | null)?.statusChangedAt;
    const time = typeof changedAt === 'string' ? Date.parse(changedAt) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined; // cut at 2 KiB, or not JSON
  }
}

/**
 * Whether an import that applied a change of the rejection's ticket fixed it (resolveRejections):
 * yes, unless both times are known and the rejected change is newer than the one applied (an
 * older change applied does not stand for a newer one that never was).
 */
export function resolvedByImport(item: OpenRejection, appliedChangedAt: string | undefined): boolean {
  const applied = appliedChangedAt === undefined ? Number.NaN : Date.parse(appliedChangedAt);
  const rejected = rejectedChangeTime(item);
  return Number.isNaN(applied) || rejected === undefined || rejected <= applied;
}

/**
 * Whether a resolveRejections signal closes this open rejection (`named`: its entries): named by its
 * reference (`#…`, rejectionRef: an operator dealt with it, the only way to close one without a
 * ticket id or tax number), or by its ticket id when the change applied is not older than the
 * rejected one (resolvedByImport; `changes`: ticket id → the applied change's time, from an import).
 */
export function closedBySignal(
  item: OpenRejection,
  named: ReadonlySet<string>,
  changes: ReadonlyMap<string, string>,
): boolean {
  if (named.has(rejectionRef(item))) return true;
  return (
    item.ticketId !== undefined &&
    named.has(item.ticketId) &&
    resolvedByImport(item, changes.get(item.ticketId))
  );
}

/**
 * The warning for resolveRejections entries that name no open rejection (mistyped, or closed
 * already): said, not dropped; undefined when every entry names one. References (`#…`) always;
 * ticket ids only when `byOperator` (a signal without the applied changes an import sends: an import
 * names every ticket it applied, most with no rejection). The workflow's handler and the client's
 * replay of a waiting run's signals (src/client/carriedState.ts) both say it.
 */
export function unknownReferencesWarning(
  open: readonly OpenRejection[],
  entries: readonly string[],
  byOperator = false,
): string | undefined {
  const refs = new Set(open.map(rejectionRef));
  const ticketIds = new Set(open.flatMap((item) => (item.ticketId === undefined ? [] : [item.ticketId])));
  const unknown = entries.filter((entry) =>
    isRejectionRef(entry) ? !refs.has(entry) : byOperator && !ticketIds.has(entry),
  );
  if (unknown.length === 0) return undefined;
  const shown = unknown.slice(0, 10).map((entry) => (isRejectionRef(entry) ? entry : JSON.stringify(entry)));
  return (
    `resolveRejections: no open rejection ${shown.join(', ')}` +
    `${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''} (closed already, or mistyped; ` +
    '`status` lists the open ones with their references); nothing closed for them.'
  );
}

export interface MergedRejections {
  /** The open rejections after the page (unchanged when the page overflowed them). */
  open: OpenRejection[];
  /** Why the run must halt before this page's key: its rejections do not fit. */
  overflow?: string;
}

/**
 * The open rejections after a page: those a valid change resolved leave, and so do those of a
 * ticket in `skipTickets` (the run's usable skip entries; by ticket id or tax number, SPEC §2), the
 * page's new ones join, a rejection seen again stays once. When the result would pass
 * MAX_OPEN_REJECTIONS or MAX_OPEN_REJECTIONS_BYTES, nothing changes and `overflow` says why, for an
 * operator.
 */
/** Whether a skip entry names an open rejection or a rejection of the page (mergeOpenRejections would close or keep it out). */
export function skipsAnyRejection(
  open: readonly OpenRejection[],
  rejected: readonly RejectedDiffItem[],
  skipTickets: readonly string[],
): boolean {
  if (skipTickets.length === 0) return false;
  const skipped = skipMatcher(usableSkipList(skipTickets));
  return open.some((item) => skipped(item)) || rejected.some((item) => skipped(item));
}

export function mergeOpenRejections(
  open: readonly OpenRejection[],
  page: {
    rejected: readonly RejectedDiffItem[];
    resolvedRejections: readonly string[];
    resolvedChanges?: Readonly<Record<string, string>>;
  },
  pageKey: string | undefined,
  now: string,
  skipTickets: readonly string[] = [],
): MergedRejections {
  const resolved = new Set(page.resolvedRejections);
  const changes = new Map(Object.entries(page.resolvedChanges ?? {}));
  const skipped = skipMatcher(usableSkipList(skipTickets));
  // Resolved by a valid change not older than the rejected one (as an import: resolvedByImport).
  const kept = open.filter(
    (item) =>
      (item.ticketId === undefined ||
        !resolved.has(item.ticketId) ||
        !resolvedByImport(item, changes.get(item.ticketId))) &&
      !skipped(item),
  );
  const known = new Set(kept.map((item) => identity(item, item.pageKey)));
  const added: OpenRejection[] = [];
  for (const item of page.rejected) {
    if (skipped(item)) continue; // skipped since the page was read
    const id = identity(item, pageKey);
    if (known.has(id)) continue;
    known.add(id);
    added.push({ ...item, firstSeenAt: now, pageKey });
  }
  const merged = [...kept, ...added];
  if (added.length === 0) return { open: merged };
  const bytes = jsonBytes(merged);
  if (merged.length <= MAX_OPEN_REJECTIONS && bytes <= MAX_OPEN_REJECTIONS_BYTES) return { open: merged };
  return {
    open: [...open],
    overflow:
      `The open rejections would pass their bound (${MAX_OPEN_REJECTIONS} items, ` +
      `${MAX_OPEN_REJECTIONS_BYTES / 1024} KiB): ${kept.length} open and ${added.length} new from the ` +
      `page at ${shownKey(pageKey)}, for ${commonestReasons([...kept, ...added])}. None is dropped: ` +
      `the run halted before this page's key moved (its valid tickets are applied). Fix and import the ` +
      `rejected items, or skip them (skipTickets: ${skipEntriesFor(added)}); if TIXNGO changed its schema, a release must accept ` +
      `them. Each run tries the page again.`,
  };
}
