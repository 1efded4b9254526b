import type { RejectedItem } from './diffItem';
import { skipEntryOf } from './skipList';

/**
 * Operator-readable digests of many rejections (issue 13 item 5): what most of them are rejected
 * for, and whether a page looks like TIXNGO changed its schema. Pure.
 */

/** A page is "mostly rejected" from this many items on... */
export const SCHEMA_SUSPECT_MIN_ITEMS = 20;
/** ...when more than this share of its items is rejected. */
export const SCHEMA_SUSPECT_SHARE = 0.5;

/** True when a page of `items` items with `rejected` rejections smells of a TIXNGO schema change. */
export function looksLikeSchemaChange(items: number, rejected: number): boolean {
  return items >= SCHEMA_SUSPECT_MIN_ITEMS && rejected > items * SCHEMA_SUSPECT_SHARE;
}

/**
 * `status: unknown status "RESALE_LISTED" (4990); ticketId: … (3); 7 more for 2 other reasons`:
 * the commonest `path: reason`, most first, and what the others add up to (so a count is never
 * read as most of them when it is not).
 */
export function commonestReasons(
  rejected: readonly Pick<RejectedItem, 'path' | 'reason'>[],
  top = 3,
): string {
  const counts = new Map<string, number>();
  for (const item of rejected) {
    const key = `${item.path}: ${item.reason.slice(0, 160)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, top).map(([reason, count]) => `${reason} (${count})`);
  const others = sorted.slice(top);
  const rest = others.reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) shown.push(`${rest} more for ${others.length} other reason${others.length > 1 ? 's' : ''}`);
  return shown.join('; ');
}

/** A pagination key as shown in messages: quoted, cut at 80 characters. */
export function shownKey(key: string | undefined): string {
  if (key === undefined) return 'the start of the diff (no key yet)';
  return `key "${key.length > 80 ? `${key.slice(0, 80)}…` : key}"`;
}

/**
 * Characters of skip entries named in a halt message, at most: a page of a thousand rejected
 * tickets is named whole (one `skip` clears it), and the halt stays far below Temporal's payload
 * limits (it is in the run's result and `state`).
 */
export const MAX_NAMED_SKIP_BYTES = 16 * 1024;

/**
 * The skip entries that would take the rejected items out (`id:<ticketId>`, else the tax number;
 * canonical, skipEntryOf), comma separated as `skip` takes them: as many as MAX_NAMED_SKIP_BYTES
 * holds and a count of the rest; items with neither are counted.
 */
export function skipEntriesFor(rejected: readonly Pick<RejectedItem, 'ticketId' | 'taxNumber'>[]): string {
  // Any id TIXNGO sent can be named (in quotes when it is not valid); else the tax number.
  const entryOf = (item: Pick<RejectedItem, 'ticketId' | 'taxNumber'>): string | undefined =>
    item.ticketId !== undefined && item.ticketId.length > 0
      ? skipEntryOf('id', item.ticketId)
      : item.taxNumber !== undefined && item.taxNumber.length > 0
        ? skipEntryOf('tax', item.taxNumber)
        : undefined;
  const all = rejected.map(entryOf);
  const entries = [...new Set(all.flatMap((entry) => entry ?? []))];
  const unnamed = all.filter((entry) => entry === undefined).length;
  let length = 0;
  const fitting = entries.filter((entry) => {
    if (length + entry.length + 1 > MAX_NAMED_SKIP_BYTES) return false;
    length += entry.length + 1;
    return true;
  });
  const named = fitting.join(',');
  const more = entries.length - fitting.length;
  return [
    named,
    more > 0 ? ` and ${more} more` : '',
    unnamed > 0
      ? ` (${unnamed} item${unnamed > 1 ? 's' : ''} without a ticket id or tax number a skip entry can name)`
      : '',
  ].join('');
}

/** Why a mostly rejected page halts the run (the page is not applied, the key stays before it). */
export function schemaSuspectMessage(
  key: string | undefined,
  items: number,
  rejected: readonly Pick<RejectedItem, 'path' | 'reason' | 'ticketId' | 'taxNumber'>[],
): string {
  return (
    `${rejected.length} of ${items} items of the page at ${shownKey(key)} were rejected, for ` +
    `${commonestReasons(rejected)} — TIXNGO may have changed its schema. Nothing of this page was ` +
    `applied and the pagination key stays here until a release accepts these items or they are ` +
    `skipped (skipTickets: ${skipEntriesFor(rejected)}); each run tries the page again.`
  );
}
