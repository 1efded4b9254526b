/**
 * A short, stable reference to one open rejection (`#3f9a0c1b2d4e`), shown by `status` next to it,
 * that an operator passes to `tixngo-feedback resolve` (the resolveRejections signal) to close it once
 * dealt with. It is the only name of a rejection with neither a ticket id nor a tax number (an item
 * without `ticketId`, or not an object): without it such a rejection could never be closed, and its
 * alert never cleared (SPEC §9: kept and visible until someone fixes or skips it).
 *
 * Made from the rejection's identity (ticket id or tax number, its page key and place in the page,
 * field, reason) and when it was first seen: the same rejection raised again later is another one.
 * FNV-1a (two 32-bit seeds, 48 bits shown): pure and deterministic, workflow code uses it. Among the
 * at most MAX_OPEN_REJECTIONS open at once, two sharing a reference is less than one chance in 10⁸.
 */

/** What a rejection reference looks like: `#` and 12 lower-case hexadecimal digits. */
export const REJECTION_REF = /^#[0-9a-f]{12}$/;

export interface RejectionIdentity {
  ticketId?: string;
  taxNumber?: string;
  pageKey?: string;
  index: number;
  path: string;
  reason: string;
  firstSeenAt: string;
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The rejection's reference, `#` + 12 hex digits. */
export function rejectionRef(item: RejectionIdentity): string {
  const identity = JSON.stringify([
    item.ticketId ?? null,
    item.taxNumber ?? null,
    item.pageKey ?? null,
    item.index,
    item.path,
    item.reason,
    item.firstSeenAt,
  ]);
  const high = fnv1a(identity, 0x811c9dc5).toString(16).padStart(8, '0');
  const low = (fnv1a(identity, 0x050c5d1f) & 0xffff).toString(16).padStart(4, '0');
  return `#${high}${low}`;
}

/** True for a text of the shape of a rejection reference (REJECTION_REF). */
export function isRejectionRef(text: string): boolean {
  return REJECTION_REF.test(text);
}
