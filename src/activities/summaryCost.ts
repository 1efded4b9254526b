import { validateDiffItem, type RejectedItem } from '../domain/diffItem';
import { jsonBytes } from '../domain/payloadSize';
import { transferEventOf } from '../domain/transferEvent';
import { rawText } from './applyDiffItems';

/**
 * What a page summary carries of its items, not counting recipients' details (bounded on their
 * own, RECIPIENT_DETAILS_BUDGET_BYTES): a slice holds items up to this many of those bytes (issue
 * 13 item 5). With one item's largest cost (≈ 7 KiB: a rejection with 2 KiB of raw text), the
 * details and the fixed fields, a summary stays below ≈ 830 KiB, far under Temporal's 2 MiB.
 */
export const SUMMARY_ITEMS_BUDGET_BYTES = 512 * 1024;

export interface PageCosts {
  /** Summary bytes of each item: its rejection, or its transfer step, or 0. */
  costs: number[];
  /** Every rejection of the page (indexes in the page), to judge the page as a whole. */
  rejected: RejectedItem[];
}

/**
 * Validates each item of a page once (against the worker's clock `now`, ms, as applyDiffItems does)
 * and measures what it would add to a page summary (transfer steps only with distribution on: the
 * summary carries none otherwise).
 */
/** As long as the longest key made for a transfer without a TIXNGO id (digest and anchor). */
const FALLBACK_KEY_STAND_IN = 'k'.repeat(64);

export function pageCosts(
  items: readonly unknown[],
  organizerId: string,
  distributionEnabled: boolean,
  now: number = Date.now(),
): PageCosts {
  const rejected: RejectedItem[] = [];
  const costs = items.map((raw, index) => {
    const checked = validateDiffItem(raw, index, { now, mirrorsTransfers: distributionEnabled });
    if (!checked.ok) {
      rejected.push(checked.rejected);
      return jsonBytes({ ...checked.rejected, raw: rawText(raw) });
    }
    // The key is made later (src/activities/transferKeys.ts); TIXNGO's id, or a fallback key's length, stands in.
    // A TIXNGO id is keyed with a parties' digest (`~` and 16 hex).
    const id = checked.item.transfer?.id;
    const keyStandIn = id === undefined ? FALLBACK_KEY_STAND_IN : `${id}~${'k'.repeat(16)}`;
    const found = distributionEnabled ? transferEventOf(organizerId, checked.item, keyStandIn) : undefined;
    if (!found) return 0;
    const { recipient: _details, sender: _senderDetails, ...step } = found;
    return jsonBytes({ ...step, recipientDetailsOmitted: true, senderDetailsOmitted: true });
  });
  return { costs, rejected };
}
