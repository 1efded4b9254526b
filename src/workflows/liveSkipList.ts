import {
  describeRefusal,
  judgeSkipEntries,
  shownEntry,
  skipEntryKey,
  splitSkipEntries,
} from '../domain/skipList';

/** Entries in a run's live skip list (it travels in every result: bounded, issue 13). */
export const MAX_LIVE_SKIP_ENTRIES = 1_000;

/**
 * The live skip list of a feedback run (SPEC §2, §10): entries added and removed by signal, carried
 * from run to run. Entries are judged by the one skip-list parser when they arrive; the list holds
 * them in normalized form. An entry that does not parse can only come from an older version (it
 * accepted any text): it stays listed, so `unskip` can remove it, but is never handed to a page.
 * Every method reports what it refused as warning texts; none throws.
 */
export class LiveSkipList {
  private readonly entries: string[] = [];

  /** The starting entries (carried from the previous run or the input); warns of those no page can use. */
  constructor(start: readonly string[]) {
    for (const entry of splitSkipEntries(start)) {
      const key = skipEntryKey(entry);
      if (this.entries.includes(key)) continue;
      this.entries.push(key);
    }
  }

  /** The list as it is carried to the next run and shown in `state`. */
  get all(): string[] {
    return [...this.entries];
  }

  /** The entries a page can use (normalized, all parse): what processDiffPage is given. */
  get usable(): string[] {
    return judgeSkipEntries(this.entries).accepted;
  }

  /** Warnings for carried entries that no page can use (said at each run until they are removed). */
  unusableWarnings(): string[] {
    return judgeSkipEntries(this.entries).refused.map(
      (refused) =>
        `${describeRefusal(refused)} It is in the live skip list but not used; remove it with unskip.`,
    );
  }

  /** skipTickets: adds the entries that parse; refuses the others, and any past the bound. */
  add(texts: readonly string[]): string[] {
    const { accepted, refused } = judgeSkipEntries(texts);
    const warnings = bounded(
      refused.map((r) => `signal "skipTickets": ${describeRefusal(r)} Not added.`),
      'signal "skipTickets"',
      'refused',
    );
    const known = new Set(this.entries);
    let full = 0;
    for (const entry of accepted) {
      if (known.has(entry)) continue;
      if (this.entries.length >= MAX_LIVE_SKIP_ENTRIES) {
        full += 1;
        continue;
      }
      this.entries.push(entry);
      known.add(entry);
    }
    if (full > 0)
      warnings.push(
        `signal "skipTickets": the live skip list is full (${MAX_LIVE_SKIP_ENTRIES} entries); ${full} entr${full === 1 ? 'y' : 'ies'} not added. Put long lists in the configuration's skipTickets.`,
      );
    return warnings;
  }

  /**
   * unskipTickets: removes every listed entry equal to one given, compared in normalized form (so
   * an entry that does not parse can be removed too); says which ones were not in the list.
   */
  remove(texts: readonly string[]): string[] {
    const notListed: string[] = [];
    for (const entry of splitSkipEntries(texts)) {
      const key = skipEntryKey(entry);
      const at = this.entries.indexOf(key);
      if (at >= 0) this.entries.splice(at, 1);
      else
        notListed.push(
          `signal "unskipTickets": ${shownEntry(entry)} is not in the live skip list (entries of the configuration stay).`,
        );
    }
    return bounded(notListed, 'signal "unskipTickets"', 'not in the live skip list');
  }
}

/** Warnings of one signal listed one by one. */
export const MAX_WARNINGS_PER_SIGNAL = 10;

/** The first MAX_WARNINGS_PER_SIGNAL warnings of one signal, then one that counts the rest. */
function bounded(warnings: string[], signal: string, what: string): string[] {
  if (warnings.length <= MAX_WARNINGS_PER_SIGNAL) return warnings;
  const rest = warnings.length - (MAX_WARNINGS_PER_SIGNAL - 1);
  return [...warnings.slice(0, MAX_WARNINGS_PER_SIGNAL - 1), `${signal}: ${rest} more entries ${what}.`];
}
