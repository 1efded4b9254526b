/**
 * Where a run's (or an import's) items went, as one text whose terms add up (issue 15 item 5):
 * `13 item(s) = 9 applied + 1 unchanged + 2 superseded + 0 skipped + 1 rejected` (then
 * `+ 3 held back` when a strict run halted with items after its failing ticket).
 */
export interface ItemCounts {
  items: number;
  applied: number;
  unchanged: number;
  /** Absent in results of runs from before the count (issue 15 item 5). */
  superseded?: number;
  skipped: number;
  rejected: number;
  /** Absent in results of runs from before the count, and in import results (never strict). */
  heldBack?: number;
}

/** The counts as `N item(s) = a applied + … + r rejected[ + h held back]`; older results without the sum. */
export function itemCountsText(counts: ItemCounts): string {
  if (counts.superseded === undefined) {
    // A result from before the counts added up: its duplicates are counted nowhere, so no "=".
    return (
      `${counts.items} item(s): ${counts.applied} applied, ${counts.unchanged} unchanged, ` +
      `${counts.skipped} skipped, ${counts.rejected} rejected`
    );
  }
  const terms = [
    `${counts.applied} applied`,
    `${counts.unchanged} unchanged`,
    `${counts.superseded} superseded`,
    `${counts.skipped} skipped`,
    `${counts.rejected} rejected`,
  ];
  if ((counts.heldBack ?? 0) > 0) terms.push(`${counts.heldBack} held back`);
  return `${counts.items} item(s) = ${terms.join(' + ')}`;
}
