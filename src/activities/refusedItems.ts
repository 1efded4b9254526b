import { ticketIdOf, validateDiffItem, type RejectedItem } from '../domain/diffItem';
import type { MobileUpdate } from '../domain/mobileUpdate';
import type { RefusedUpdate } from './chunkWriter';

/**
 * The page items behind the updates S-360 refused, as rejections: for each refused ticket, the item
 * whose change was written (the newest of the ticket in the page, the last one on a tie), with the
 * path `(item)` (S-360 judged the whole ticket; its message, in the reason, may name a field).
 */
export function refusedItems(
  items: readonly unknown[],
  updates: readonly MobileUpdate[],
  refused: readonly RefusedUpdate[],
): RejectedItem[] {
  if (refused.length === 0) return [];
  const written = new Map(updates.map((update) => [update.ticketId, update.statusChangedAt]));
  const reasons = new Map(refused.map((item) => [item.ticketId, item.reason]));
  const found = new Map<string, number>();
  items.forEach((raw, index) => {
    const ticketId = ticketIdOf(raw);
    if (ticketId === undefined || !reasons.has(ticketId)) return;
    const checked = validateDiffItem(raw, index);
    if (checked.ok && checked.item.statusChangedAt === written.get(ticketId)) found.set(ticketId, index);
  });
  return [...reasons].map(([ticketId, reason]) => ({
    ticketId,
    index: found.get(ticketId) ?? -1,
    path: '(item)',
    reason,
  }));
}
