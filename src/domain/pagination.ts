/**
 * What a diff page's `nextPageKey` means (SPEC §10, issue 13 item 6; docs/tixngo-diff.md):
 * - an empty key is no key: the key stays at the last real one (the page is read again next time,
 *   its ticket data then "unchanged"), never `""`, which would restart the diff from its beginning;
 * - drained = no next key (null, absent or ""), or an empty page, or a key that did not move;
 * - a page shorter than `limit` whose key moved is *not* the end: TIXNGO may cap its pages below
 *   the limit asked for, so the next page is read at once.
 * Pure.
 */
export interface PageKeyOutcome {
  /** Where the next page starts: TIXNGO's next key, or the request's key when it gave none. */
  nextKey?: string;
  /** TIXNGO has nothing more right now. */
  drained: boolean;
  /** The page had items but TIXNGO's next key is the key it was asked for (it would loop). */
  keyDidNotMove: boolean;
}

export function pageKeyOutcome(page: {
  requestKey: string | undefined;
  nextPageKey: string | null | undefined;
  items: number;
}): PageKeyOutcome {
  const next = page.nextPageKey ? page.nextPageKey : undefined;
  const keyDidNotMove = next !== undefined && next === page.requestKey;
  return {
    nextKey: next ?? page.requestKey,
    drained: next === undefined || page.items === 0 || keyDidNotMove,
    keyDidNotMove: keyDidNotMove && page.items > 0,
  };
}
