import { utf8Bytes } from './payloadSize';

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

/**
 * The largest pagination key carried, in UTF-8 bytes. A key travels in the query string of every
 * request (percent-encoded, up to 3× longer: well under the 8 KiB a server commonly takes in a
 * request line) and in workflow inputs, results and history; TIXNGO's opaque keys are far shorter.
 */
export const MAX_PAGE_KEY_BYTES = 2048;

export type PageKeyReading = { ok: true; key: string | null } | { ok: false; reason: string };

/**
 * Reads a page's `nextPageKey` as TIXNGO sent it (SPEC §10: opaque, stored as a string): a string
 * of at most MAX_PAGE_KEY_BYTES, null or absent (no key), or a safe integer, read as its decimal
 * string. Anything else — a key over the bound, a fraction, an integer JSON cannot hold exactly, a
 * boolean, an object — is refused with the reason: the page's items are then not applied and the
 * key is not carried, so it is never stored. Pure.
 */
export function readPageKey(raw: unknown): PageKeyReading {
  if (raw === null || raw === undefined) return { ok: true, key: null };
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw)
      ? { ok: true, key: String(raw) }
      : { ok: false, reason: `is the number ${raw}, not a string or an integer key` };
  }
  if (typeof raw !== 'string') {
    return { ok: false, reason: `is ${Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}, not a string` };
  }
  const bytes = utf8Bytes(raw);
  if (bytes > MAX_PAGE_KEY_BYTES) {
    return {
      ok: false,
      reason: `is ${bytes} bytes, more than the ${MAX_PAGE_KEY_BYTES} a pagination key may take`,
    };
  }
  return { ok: true, key: raw };
}

/**
 * Why a run halts at a page whose next key is one it already read (SPEC §9: nothing TIXNGO sends
 * stalls an organizer silently): TIXNGO's keys go round in a cycle, so reading on would apply the
 * same pages again until the page budget. `page` is the page's number in the run (1-based).
 */
export function keyCycleMessage(organizerId: string, page: number): string {
  return (
    `TIXNGO answered page ${page} of this run with a next pagination key already read in this run: ` +
    `its keys go round in a cycle (organizer "${organizerId}"). The key stays before that page; each ` +
    `run stops here until TIXNGO's keys move on, or a pagination key is set by hand.`
  );
}
