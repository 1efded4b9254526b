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

/** An entry refused by judgeSkipEntries: the entry as written (trimmed) and why. */
export interface RefusedSkipEntry {
  entry: string;
  /** What is wrong, as the end of a sentence: `has no ticket id after "id:"`. */
  problem: string;
}

/** The entry as an operator reads it in a message: quoted, cut at 60 characters. */
export function shownEntry(entry: string): string {
  return JSON.stringify(entry.length > 60 ? `${entry.slice(0, 60)}…` : entry);
}

/** `Skip list entry "id:T#1" is not a ticket id: …` */
export function describeRefusal(refused: RefusedSkipEntry): string {
  return `Skip list entry ${shownEntry(refused.entry)} ${refused.problem}.`;
}

/** The entries of skip-list texts: split at commas, trimmed, empty ones left out. */
export function splitSkipEntries(texts: readonly string[]): string[] {
  return texts
    .flatMap((text) => text.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The form two entries are compared in (unskip): `id:` in lower case and the ticket id trimmed, a
 * tax number trimmed. Defined for any text, also one that does not parse, so an entry that is in
 * the list can always be taken out. Equal to the normalized form of an entry that parses.
 */
export function skipEntryKey(entry: string): string {
  const trimmed = entry.trim();
  return TICKET_ID_PREFIX.test(trimmed) ? `id:${trimmed.slice(3).trim()}` : trimmed;
}

/**
 * The one judge of skip-list entries (SPEC §10; issue 13): every entry of the texts is either
 * accepted, in its normalized form (`id:<ticketId>` or the tax number; each once, first order), or
 * refused with the reason. Never throws; the configuration, the signals, the command line and the
 * carry-over all judge entries here.
 */
export function judgeSkipEntries(texts: readonly string[]): {
  accepted: string[];
  refused: RefusedSkipEntry[];
} {
  const accepted = new Set<string>();
  const refused: RefusedSkipEntry[] = [];
  for (const entry of splitSkipEntries(texts)) {
    if (TICKET_ID_PREFIX.test(entry)) {
      const ticketId = entry.slice(3).trim();
      if (ticketId === '') {
        refused.push({ entry, problem: 'has no ticket id after "id:"' });
        continue;
      }
      const checked = TicketId.safeParse(ticketId);
      if (checked.success) accepted.add(`id:${ticketId}`);
      else refused.push({ entry, problem: `is not a ticket id: ${checked.error.issues[0]?.message}` });
    } else {
      const checked = TaxNumber.safeParse(entry);
      if (checked.success) accepted.add(entry);
      else refused.push({ entry, problem: `is not a tax number: ${checked.error.issues[0]?.message}` });
    }
  }
  return { accepted: [...accepted], refused };
}

function fromNormalized(entries: readonly string[]): SkipList {
  const ticketIds: string[] = [];
  const taxNumbers: string[] = [];
  for (const entry of entries) {
    if (entry.startsWith('id:')) ticketIds.push(entry.slice(3));
    else taxNumbers.push(entry);
  }
  return { ticketIds, taxNumbers };
}

/**
 * Parses skip-list text (or several texts, e.g. the values of a signal) into ticket ids and tax
 * numbers. Throws SkipListError naming the first entry that does not parse (the configuration:
 * a ConfigError at settings load).
 */
export function parseSkipList(text: string | readonly string[] | undefined | null): SkipList {
  const { accepted, refused } = judgeSkipEntries(typeof text === 'string' ? [text] : (text ?? []));
  const first = refused[0];
  if (first) throw new SkipListError(describeRefusal(first), first.entry);
  return fromNormalized(accepted);
}

/**
 * The skip list of entries already judged (a page's input): entries that do not parse are left
 * out, so a page can always use the list it is given. Never throws.
 */
export function usableSkipList(entries: readonly string[]): SkipList {
  return fromNormalized(judgeSkipEntries(entries).accepted);
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
  ticketId?: string;
  taxNumber?: string;
}

/**
 * What a skip list looks at in an item as TIXNGO sent it, valid or not (a skipped ticket is left
 * out before validation, SPEC §2, §9): its ticket id and tax number when they are text (a numeric
 * ticket id as text, as ticketIdOf reads it). Never throws.
 */
export function skippableOf(raw: unknown): SkippableItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const { ticketId, taxNumber } = raw as { ticketId?: unknown; taxNumber?: unknown };
  return {
    ticketId:
      typeof ticketId === 'string'
        ? ticketId
        : typeof ticketId === 'number' && Number.isFinite(ticketId)
          ? String(ticketId)
          : undefined,
    taxNumber: typeof taxNumber === 'string' ? taxNumber : undefined,
  };
}

/** Ids and tax numbers are compared in Unicode NFC: a typed tax number matches a decomposed one. */
const nfc = (text: string): string => text.normalize('NFC');

/** True when the item's ticket id or tax number is in the skip list. */
export function isSkipped(item: SkippableItem, skipList: SkipList): boolean {
  return skipMatcher(skipList)(item);
}

/** A fast predicate for a whole page (Set look-ups), same answer as isSkipped. */
export function skipMatcher(skipList: SkipList): (item: SkippableItem) => boolean {
  const ticketIds = new Set(skipList.ticketIds.map(nfc));
  const taxNumbers = new Set(skipList.taxNumbers.map(nfc));
  return (item) =>
    (item.ticketId !== undefined && ticketIds.has(nfc(item.ticketId))) ||
    (item.taxNumber !== undefined && taxNumbers.has(nfc(item.taxNumber)));
}
