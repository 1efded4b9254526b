/**
 * Reads the counts of an itemCountsText line (src/client/itemCounts.ts) back, term by term:
 * `13 item(s) = 9 applied + … + 1 rejected; drained` → { items: 13, terms: { applied: 9, … } }.
 */
export function parseItemCounts(line: string): { items: number; terms: Record<string, number> } | undefined {
  const match = /(\d+) item\(s\) = ([^;]+)/.exec(line);
  if (!match) return undefined;
  const terms: Record<string, number> = {};
  for (const term of match[2].split(' + ')) {
    const parts = /^(\d+) ([a-z][a-z ]*)$/.exec(term.trim());
    if (!parts) return undefined;
    terms[parts[2]] = Number(parts[1]);
  }
  return { items: Number(match[1]), terms };
}

/** The sum of a parsed line's terms. */
export const sumOfTerms = (terms: Record<string, number>): number =>
  Object.values(terms).reduce((sum, count) => sum + count, 0);
