/**
 * The known name a mistyped one most likely meant (a signal name, a configuration field): used only
 * to word a warning ("did you mean …?"). Pure and deterministic (it runs in workflow code too).
 */

/** Edit distance (insertions, deletions, substitutions) between two short texts. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Names longer than this are not compared (a warning's hint is not worth a long computation). */
const MAX_COMPARED_LENGTH = 200;

/**
 * The name in `known` closest to `typed`, case-insensitively: a known name that starts with the typed
 * one (`skip` → `skipTickets`), or else the one at the smallest edit distance if that distance is at
 * most a third of the longer name. `undefined` when none is close enough.
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  if (typed.length === 0 || typed.length > MAX_COMPARED_LENGTH) return undefined;
  const lower = typed.toLowerCase();
  const prefixed = known.find((name) => name.toLowerCase().startsWith(lower));
  if (prefixed !== undefined) return prefixed;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= Math.max(typed.length, name.length) / 3 && (!best || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}
