import { TaxNumber, TicketId } from './diffItem';

/**
 * Tickets to ignore when TIXNGO returns them (SPEC §2, §10). Text form, as S-360's other functions
 * take it: comma separated; `id:<ticketId>` names a ticket id, a bare value a tax number. Spaces
 * around entries, empty entries and duplicates are tolerated. A value in double quotes (a JSON
 * string: `"A,B"`, `id:"sp ace "`) is taken exactly, so every ticket id and tax number can be
 * named; in quotes, also an id or tax number TIXNGO sent that is not valid (any text of 1 to 256
 * characters), so an item rejected for its id can be skipped. Values are compared in Unicode NFC.
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

/** Where an opening double quote may stand: at the start of an entry's value (after `id:`). */
const VALUE_START = /^\s*(id:\s*)?$/i;

/**
 * One text's entries: split at commas outside a double-quoted value. A `"` opens a quoted value
 * only at the start of an entry's value; elsewhere it is a character like any other.
 */
function splitText(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const char of text) {
    if (quoted) {
      current += char;
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') quoted = false;
      continue;
    }
    if (char === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    if (char === '"' && VALUE_START.test(current)) quoted = true;
    current += char;
  }
  parts.push(current);
  return parts;
}

/** The entries of skip-list texts: split at commas outside quotes, trimmed, empty ones left out. */
export function splitSkipEntries(texts: readonly string[]): string[] {
  return texts
    .flatMap(splitText)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

type ParsedEntry = { kind: 'id' | 'tax'; value: string } | { problem: string };

/** One trimmed entry: its kind and exact value (NFC), or what is wrong with it. */
function parseEntry(entry: string): ParsedEntry {
  const kind = TICKET_ID_PREFIX.test(entry) ? 'id' : 'tax';
  const written = kind === 'id' ? entry.slice(3).trim() : entry;
  let value = written;
  if (written.startsWith('"')) {
    let unquoted: unknown;
    try {
      unquoted = JSON.parse(written);
    } catch {
      unquoted = undefined;
    }
    if (typeof unquoted !== 'string') {
      // JSON refuses a raw control character in a string: say so, not "not in double quotes".
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      const control = /[\u0000-\u001f]/.exec(written)?.[0];
      if (control !== undefined && /^".*"$/s.test(written)) {
        const code = `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`;
        return {
          problem: `holds the control character ${code} as is: in double quotes, write it as ${code} (a JSON string)`,
        };
      }
      return { problem: 'is not a value in double quotes (a JSON string: "…", with \\" for a quote)' };
    }
    value = unquoted;
  }
  value = value.normalize('NFC');
  if (kind === 'id' && value === '') return { problem: 'has no ticket id after "id:"' };
  // A quoted value names an id or tax number exactly as TIXNGO sent it, valid or not (fault 3).
  if (written.startsWith('"')) {
    return value.length >= 1 && value.length <= MAX_QUOTED_VALUE_LENGTH
      ? { kind, value }
      : { problem: `is not a value of 1 to ${MAX_QUOTED_VALUE_LENGTH} characters in double quotes` };
  }
  const checked = (kind === 'id' ? TicketId : TaxNumber).safeParse(value);
  if (checked.success) return { kind, value };
  return {
    problem: `is not a ${kind === 'id' ? 'ticket id' : 'tax number'}: ${checked.error.issues[0]?.message}`,
  };
}

/** Characters of a quoted skip value (as TicketId and TaxNumber: SPEC §10). */
export const MAX_QUOTED_VALUE_LENGTH = 256;

/**
 * The canonical entry naming exactly this ticket id or tax number: bare when that reads back as
 * the same value, else JSON-quoted (a comma, spaces around, a leading quote, a tax number that
 * reads as `id:`, a value that is not a valid ticket id or tax number). `skipEntryOf('tax', 'A,B')` → `"A,B"`; `skipEntryOf('id', 'T-1')` → `id:T-1`.
 */
export function skipEntryOf(kind: 'id' | 'tax', value: string): string {
  const plain =
    value !== '' &&
    value === value.trim() &&
    !value.includes(',') &&
    !value.startsWith('"') &&
    (kind === 'id' ? TicketId : TaxNumber).safeParse(value).success &&
    (kind === 'id' || !TICKET_ID_PREFIX.test(value));
  const shown = plain ? value : JSON.stringify(value);
  return kind === 'id' ? `id:${shown}` : shown;
}

/**
 * The form two entries are compared in (unskip): the canonical entry (skipEntryOf) of one that
 * parses; of one that does not, `id:` in lower case and the rest trimmed. Defined for any text, so
 * an entry that is in the list can always be taken out.
 */
export function skipEntryKey(entry: string): string {
  const trimmed = entry.trim();
  const parsed = parseEntry(trimmed);
  if ('kind' in parsed) return skipEntryOf(parsed.kind, parsed.value);
  return TICKET_ID_PREFIX.test(trimmed) ? `id:${trimmed.slice(3).trim()}` : trimmed;
}

/** Accepted entries with their values, and the refused ones. */
function judge(texts: readonly string[]): {
  accepted: Map<string, { kind: 'id' | 'tax'; value: string }>;
  refused: RefusedSkipEntry[];
} {
  const accepted = new Map<string, { kind: 'id' | 'tax'; value: string }>();
  const refused: RefusedSkipEntry[] = [];
  for (const entry of splitSkipEntries(texts)) {
    const parsed = parseEntry(entry);
    if ('kind' in parsed) accepted.set(skipEntryOf(parsed.kind, parsed.value), parsed);
    else refused.push({ entry, problem: parsed.problem });
  }
  return { accepted, refused };
}

/**
 * The one judge of skip-list entries (SPEC §10; issue 13): every entry of the texts is either
 * accepted, in its canonical form (skipEntryOf; each once, first order), or refused with the
 * reason. Never throws; the configuration, the signals, the command line and the carry-over all
 * judge entries here.
 */
export function judgeSkipEntries(texts: readonly string[]): {
  accepted: string[];
  refused: RefusedSkipEntry[];
} {
  const { accepted, refused } = judge(texts);
  return { accepted: [...accepted.keys()], refused };
}

function listOf(accepted: Iterable<{ kind: 'id' | 'tax'; value: string }>): SkipList {
  const ticketIds: string[] = [];
  const taxNumbers: string[] = [];
  for (const { kind, value } of accepted) (kind === 'id' ? ticketIds : taxNumbers).push(value);
  return { ticketIds, taxNumbers };
}

/**
 * Parses skip-list text (or several texts, e.g. the values of a signal) into ticket ids and tax
 * numbers. Throws SkipListError naming the first entry that does not parse (the configuration:
 * a ConfigError at settings load).
 */
export function parseSkipList(text: string | readonly string[] | undefined | null): SkipList {
  const { accepted, refused } = judge(typeof text === 'string' ? [text] : (text ?? []));
  const first = refused[0];
  if (first) throw new SkipListError(describeRefusal(first), first.entry);
  return listOf(accepted.values());
}

/**
 * The skip list of entries already judged (a page's input): entries that do not parse are left
 * out, so a page can always use the list it is given. Never throws.
 */
export function usableSkipList(entries: readonly string[]): SkipList {
  return listOf(judge(entries).accepted.values());
}

/** The canonical text of a skip list: tax numbers, then `id:` entries, comma separated. */
export function formatSkipList(skipList: SkipList): string {
  return [
    ...skipList.taxNumbers.map((taxNumber) => skipEntryOf('tax', taxNumber)),
    ...skipList.ticketIds.map((ticketId) => skipEntryOf('id', ticketId)),
  ].join(',');
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
