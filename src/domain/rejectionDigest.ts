import type { RejectedItem } from './diffItem';

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

/** `status: unknown status "RESALE_LISTED" (4990), …`: the commonest `path: reason`, most first. */
export function commonestReasons(
  rejected: readonly Pick<RejectedItem, 'path' | 'reason'>[],
  top = 3,
): string {
  const counts = new Map<string, number>();
  for (const item of rejected) {
    const key = `${item.path}: ${item.reason.slice(0, 160)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([reason, count]) => `${reason} (${count})`)
    .join('; ');
}

/** A pagination key as shown in messages: quoted, cut at 80 characters. */
export function shownKey(key: string | undefined): string {
  if (key === undefined) return 'the start of the diff (no key yet)';
  return `key "${key.length > 80 ? `${key.slice(0, 80)}…` : key}"`;
}

/** Why a mostly rejected page halts the run (the page is not applied, the key stays before it). */
export function schemaSuspectMessage(
  key: string | undefined,
  items: number,
  rejected: readonly Pick<RejectedItem, 'path' | 'reason'>[],
): string {
  return (
    `${rejected.length} of ${items} items of the page at ${shownKey(key)} were rejected, most for ` +
    `${commonestReasons(rejected)} — TIXNGO may have changed its schema. Nothing of this page was ` +
    `applied and the pagination key stays here until a release accepts these items or they are ` +
    `skipped (skipTickets); each run tries the page again.`
  );
}
