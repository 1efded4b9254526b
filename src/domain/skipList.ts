import { TaxNumber, TicketId } from './diffItem';

/**
 * Tickets to ignore when TIXNGO returns them (SPEC §2, §10). Text form, as S-360's other functions
 * take it: comma separated; `id:<ticketId>` names a ticket id, a bare value a tax number. Spaces
 * around entries, empty entries and duplicates are tolerated.
 */
export interface SkipList {
  ticketIds: string[];
  taxNumbers: string[];
}

export const EMPTY_SKIP_LIST: Readonly<SkipList> = Object.freeze({ ticketIds: [], taxNumbers: [] });

export class SkipListError extends Error {
  override name = 'SkipListError';
  constructor(
    message: string,
    /** The offending entry, as written. */
    readonly entry: string,
  ) {
    super(message);
  }
}

const TICKET_ID_PREFIX = /^id:/i;

function entryError(entry: string, problem: string): SkipListError {
  const shown = entry.length > 60 ? `${entry.slice(0, 60)}…` : entry;
  return new SkipListError(`Skip list entry ${JSON.stringify(shown)} ${problem}.`, entry);
}

/** Parses skip-list text (or several texts, e.g. the values of a signal) into ticket ids and tax numbers. */
export function parseSkipList(text: string | readonly string[] | undefined | null): SkipList {
  const parts = (typeof text === 'string' ? [text] : (text ?? [])).flatMap((t) => t.split(','));
  const ticketIds = new Set<string>();
  const taxNumbers = new Set<string>();
  for (const part of parts) {
    const entry = part.trim();
    if (entry === '') continue;
    if (TICKET_ID_PREFIX.test(entry)) {
      const ticketId = entry.slice(3).trim();
      if (ticketId === '') throw entryError(entry, 'has no ticket id after "id:"');
      const checked = TicketId.safeParse(ticketId);
      if (!checked.success)
        throw entryError(entry, `is not a ticket id: ${checked.error.issues[0]?.message}`);
      ticketIds.add(ticketId);
    } else {
      const checked = TaxNumber.safeParse(entry);
      if (!checked.success)
        throw entryError(entry, `is not a tax number: ${checked.error.issues[0]?.message}`);
      taxNumbers.add(entry);
    }
  }
  return { ticketIds: [...ticketIds], taxNumbers: [...taxNumbers] };
}

/** The canonical text of a skip list: tax numbers, then `id:` entries, comma separated. */
export function formatSkipList(skipList: SkipList): string {
  return [...skipList.taxNumbers, ...skipList.ticketIds.map((ticketId) => `id:${ticketId}`)].join(',');
}

/** Everything in either list, once. */
export function mergeSkipLists(a: SkipList, b: SkipList): SkipList {
  return {
    ticketIds: [...new Set([...a.ticketIds, ...b.ticketIds])],
    taxNumbers: [...new Set([...a.taxNumbers, ...b.taxNumbers])],
  };
}

/** What is left of `from` after taking out everything in `remove`. */
export function subtractSkipList(from: SkipList, remove: SkipList): SkipList {
  const ticketIds = new Set(remove.ticketIds);
  const taxNumbers = new Set(remove.taxNumbers);
  return {
    ticketIds: from.ticketIds.filter((ticketId) => !ticketIds.has(ticketId)),
    taxNumbers: from.taxNumbers.filter((taxNumber) => !taxNumbers.has(taxNumber)),
  };
}

export function isSkipListEmpty(skipList: SkipList): boolean {
  return skipList.ticketIds.length === 0 && skipList.taxNumbers.length === 0;
}

/** What a skip list looks at in a ticket. */
export interface SkippableItem {
  ticketId: string;
  taxNumber?: string;
}

/** True when the item's ticket id or tax number is in the skip list. */
export function isSkipped(item: SkippableItem, skipList: SkipList): boolean {
  return (
    skipList.ticketIds.includes(item.ticketId) ||
    (item.taxNumber !== undefined && skipList.taxNumbers.includes(item.taxNumber))
  );
}

/** A fast predicate for a whole page (Set look-ups), same answer as isSkipped. */
export function skipMatcher(skipList: SkipList): (item: SkippableItem) => boolean {
  const ticketIds = new Set(skipList.ticketIds);
  const taxNumbers = new Set(skipList.taxNumbers);
  return (item) =>
    ticketIds.has(item.ticketId) || (item.taxNumber !== undefined && taxNumbers.has(item.taxNumber));
}
