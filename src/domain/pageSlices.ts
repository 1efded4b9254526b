/**
 * A diff page too large for one page summary is applied in slices (issue 13 item 5): each activity
 * call applies the items from a resume point up to a byte budget of what its summary carries, and
 * says where the next slice starts. Pure and deterministic (the workflow stores resume points).
 */

/** Where the next slice of the page at the current pagination key starts. */
export interface PageResume {
  /** Index of the first item of the next slice, in the page as TIXNGO sent it. */
  index: number;
  /** Fingerprint of the page's items before `index`: a slice resumes only on the very same items. */
  fingerprint: string;
}

/**
 * The end (exclusive) of the slice that starts at `start`: as many items as fit `budgetBytes`
 * (the summary bytes each item costs, `costs[i]`), and always at least one, so every call makes
 * progress. A slice therefore carries at most `budgetBytes` plus one item's cost.
 */
export function sliceEnd(costs: readonly number[], start: number, budgetBytes: number): number {
  let used = 0;
  let end = start;
  while (end < costs.length) {
    const cost = costs[end] ?? 0;
    if (end > start && used + cost > budgetBytes) break;
    used += cost;
    end += 1;
  }
  return end;
}

/**
 * FNV-1a (32 bit) over the JSON of the items before `end`, chained item by item, as `end:hash`.
 * Given the fingerprint of an earlier prefix of the same items (`from`), only the items after it
 * are hashed.
 */
export function prefixFingerprint(items: readonly unknown[], end: number, from?: PageResume): string {
  let start = 0;
  let hash = 0x811c9dc5;
  if (from && from.index <= end) {
    start = from.index;
    hash = Number.parseInt(from.fingerprint.split(':')[1] ?? '', 16) >>> 0;
  }
  for (let i = start; i < end && i < items.length; i += 1) {
    const text = `${JSON.stringify(items[i]) ?? 'undefined'}\n`;
    for (let c = 0; c < text.length; c += 1) {
      hash ^= text.charCodeAt(c);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return `${end}:${hash.toString(16).padStart(8, '0')}`;
}

/**
 * Where a slice starts in `items`: the resume point when the page still begins with the very items
 * it was computed on, else 0 (the page changed: it is applied again from its start, which is safe,
 * ticket data already written is then "unchanged").
 */
export function resumeIndex(resume: PageResume | undefined, items: readonly unknown[]): number {
  if (!resume || resume.index <= 0 || resume.index >= items.length) return 0;
  return prefixFingerprint(items, resume.index) === resume.fingerprint ? resume.index : 0;
}
