import { z } from 'zod';
import { normalizeEmail } from './contact';
import { isTransferStatus, LifecycleStatus, normalizeStatus } from './lifecycleStatus';
import { SpectatorDetails } from './spectator';
import { StorableText, unstorableTextReason } from './storableText';
import { ticketSizeProblem } from './ticketSize';

/**
 * Ticket ids: up to 256 letters, digits, spaces and `*.-_+/()` (SPEC §10), but not `.` nor `..`:
 * the id is a segment of S-360's and TIXNGO's URLs (`/tickets/{ticketId}/…`), where these two are
 * dot-segments, removed by every URL parser even percent-encoded: the request would reach another
 * resource (a 404 that no retry fixes).
 */
export const TicketId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9 *.\-_+/()]+$/, 'only letters, digits, spaces and *.-_+/() are allowed')
  .refine((id) => id !== '.' && id !== '..', 'cannot be a URL path segment ("." and ".." are not ids)');

/** Tax numbers (S-360 "ticket numbers"): up to 256 characters (SPEC §10). */
export const TaxNumber = StorableText.min(1).max(256);

/**
 * An e-mail address, checked loosely: TIXNGO already verified it; we only refuse obvious garbage.
 * Trimmed first, as e-mails are everywhere else (normalizeEmail).
 */
export const EmailAddress = StorableText.trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'not an e-mail address');

/** Change times before this are no TIXNGO time (TIXNGO did not exist): a typo or a placeholder. */
export const EARLIEST_CHANGE_TIME = '2000-01-01T00:00:00Z';

/**
 * How far ahead of the worker's clock a TIXNGO time may be (clock skew): 1 day. A time further
 * ahead is rejected (validateDiffItem with `now`): "the newest change wins" (SPEC §6, §10) would
 * otherwise let it freeze its ticket (every later real change read as older) or its transfers.
 */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * An RFC 3339 time with a zone (`Z` or an offset), not before EARLIEST_CHANGE_TIME. RFC 3339 allows
 * a lower-case `t` and `z`: read, and kept, in upper case.
 */
export const Timestamp = z.preprocess(
  (value) => (typeof value === 'string' ? value.toUpperCase() : value),
  z.iso.datetime({ offset: true, error: 'not an RFC 3339 date-time with a zone' }).refine(
    // A text that is no time at all has its own issue already.
    (time) => !(Date.parse(time) < Date.parse(EARLIEST_CHANGE_TIME)),
    `before 2000 (${EARLIEST_CHANGE_TIME}): not a TIXNGO time`,
  ),
);

export const TransferInfo = z.object({
  /** TIXNGO's transfer id, when it gives one. */
  id: StorableText.min(1).max(256).optional(),
  senderEmail: EmailAddress,
  recipientEmail: EmailAddress,
  initiatedAt: Timestamp.optional(),
});
export type TransferInfo = z.infer<typeof TransferInfo>;

/** One ticket of a diff page (SPEC §10); `null` fields are read as absent. */
export const DiffItem = z.object({
  ticketId: TicketId,
  taxNumber: TaxNumber.optional(),
  eventId: StorableText.max(256).optional(),
  status: LifecycleStatus,
  statusChangedAt: Timestamp,
  /** The wallet owner (on TRANSFERRED: the recipient). */
  spectatorDetails: SpectatorDetails.optional(),
  /** The assignee, whose name is on the ticket. */
  holder: SpectatorDetails.optional(),
  /** Present while a transfer is under way or just settled. */
  transfer: TransferInfo.optional(),
  beaconName: StorableText.max(256).optional(),
  extraInfo: z.record(StorableText, StorableText).optional(),
});
export type DiffItem = z.infer<typeof DiffItem>;

/** The page envelope; items are validated one by one so one bad ticket never fails its page. */
export const DiffResponse = z.object({
  pagination: z.object({ nextPageKey: z.string().nullable().optional() }).nullable().optional(),
  result: z.array(z.unknown()),
});
export type DiffResponse = z.infer<typeof DiffResponse>;

/** A ticket that was not applied, kept with why (SPEC §9). */
export interface RejectedItem {
  ticketId?: string;
  /** The item's tax number as sent, when it is text: an operator can skip the ticket by it (SPEC §2). */
  taxNumber?: string;
  /** Position of the item in its page. */
  index: number;
  /** The field at fault, dotted (`spectatorDetails.email`), or `(item)` for the whole item. */
  path: string;
  reason: string;
}

export interface ValidatedPage {
  valid: DiffItem[];
  rejected: RejectedItem[];
}

export type ItemValidation = { ok: true; item: DiffItem } | { ok: false; rejected: RejectedItem };

export interface ValidationOptions {
  /**
   * The worker's clock (ms since the epoch) when the items are applied: a TIXNGO time more than
   * FUTURE_TOLERANCE_MS after it is rejected. Absent: times are not compared with a clock.
   */
  now?: number;
  /**
   * Distribution is on (SPEC §7, §8): a transfer step S-360 cannot mirror is rejected too
   * (transferStepProblem).
   */
  mirrorsTransfers?: boolean;
}

/**
 * Why S-360 cannot mirror the transfer step of an item (SPEC §7, §8), as a field path and a reason;
 * undefined when it can, or when the item is no transfer step. A transfer status (PENDING_TRANSFER,
 * PENDING, TRANSFERRED, FAILURE_TRANSFER, FAILURE) needs `transfer` (its sender and recipient: no
 * line, no contact, no cultural contact without them); a TRANSFERRED whose new owner
 * (`spectatorDetails.email`, when given) is not `transfer.recipientEmail` would complete the
 * recipient's contact with another person's details. With distribution on, such an item is
 * rejected (kept, visible: SPEC §9) rather than applied to the mobile data alone.
 */
export function transferStepProblem(item: DiffItem): { path: string; reason: string } | undefined {
  if (!isTransferStatus(item.status)) return undefined;
  if (!item.transfer) {
    return {
      path: 'transfer',
      reason: `a ${item.status} ticket needs its transfer (sender and recipient) to be mirrored in S-360`,
    };
  }
  const owner = item.spectatorDetails?.email;
  if (
    normalizeStatus(item.status) === 'TRANSFERRED' &&
    owner !== undefined &&
    normalizeEmail(owner) !== normalizeEmail(item.transfer.recipientEmail)
  ) {
    return {
      path: 'spectatorDetails.email',
      reason: 'the new owner is not the transfer’s recipient (transfer.recipientEmail)',
    };
  }
  return undefined;
}

/** The first TIXNGO time of the item too far in the future, as a path and a reason. */
function futureTime(item: DiffItem, now: number): { path: string; reason: string } | undefined {
  const times: [string, string | undefined][] = [
    ['statusChangedAt', item.statusChangedAt],
    ['transfer.initiatedAt', item.transfer?.initiatedAt],
  ];
  for (const [path, time] of times) {
    if (time !== undefined && Date.parse(time) > now + FUTURE_TOLERANCE_MS) {
      return {
        path,
        reason: `${JSON.stringify(time)} is in the future: more than 1 day after the worker’s clock`,
      };
    }
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TIXNGO may write `null` for an absent field: drop those keys, at every object level. */
export function dropNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null) copy[key] = dropNulls(field);
  }
  return copy;
}

/** The ticket id of a raw item, when it has a usable one (to name a rejected item). */
export function ticketIdOf(raw: unknown): string | undefined {
  if (!isPlainObject(raw)) return undefined;
  const id = raw.ticketId;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.length > 0 && id.length <= 256) return id;
  return undefined;
}

/**
 * Validates one raw ticket: the ticket, or why it is rejected (field path and reason); a ticket over
 * MAX_TICKET_BYTES (src/domain/ticketSize.ts) is rejected whole, at path `(item)`. With
 * `options.now`, a time too far in the future is a rejection too (FUTURE_TOLERANCE_MS); with
 * `options.mirrorsTransfers`, a transfer step S-360 cannot mirror.
 */
export function validateDiffItem(raw: unknown, index = 0, options: ValidationOptions = {}): ItemValidation {
  if (!isPlainObject(raw)) {
    return {
      ok: false,
      rejected: { index, path: '(item)', reason: `expected a ticket object, got ${describe(raw)}` },
    };
  }
  const tooLarge = ticketSizeProblem(raw);
  if (tooLarge !== undefined) {
    return { ok: false, rejected: { ticketId: ticketIdOf(raw), index, path: '(item)', reason: tooLarge } };
  }
  const parsed = DiffItem.safeParse(dropNulls(raw));
  if (parsed.success) {
    const problem =
      (options.now === undefined ? undefined : futureTime(parsed.data, options.now)) ??
      (options.mirrorsTransfers ? transferStepProblem(parsed.data) : undefined);
    if (!problem) return { ok: true, item: parsed.data };
    return { ok: false, rejected: { ticketId: parsed.data.ticketId, index, ...problem } };
  }
  const [first, ...others] = parsed.error.issues;
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  return {
    ok: false,
    rejected: {
      ticketId: ticketIdOf(raw),
      ...(typeof raw.taxNumber === 'string' && raw.taxNumber.length <= 256
        ? { taxNumber: raw.taxNumber }
        : {}),
      index,
      path: first && first.path.length > 0 ? first.path.map(pathSegment).join('.') : '(item)',
      reason: `${first ? issueMessage(first) : 'invalid item'}${more}`,
    },
  };
}

/** A path segment as text; a key S-360 cannot store is shown JSON-escaped (`extraInfo."a\u0000"`). */
function pathSegment(segment: PropertyKey): string {
  const text = String(segment);
  return unstorableTextReason(text) ? JSON.stringify(text) : text;
}

/** A bad record key's own reason rather than zod's "Invalid key in record". */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues[0]) return `key ${issue.issues[0].message}`;
  return issue.message;
}

/** Validates each item on its own (`options` as for validateDiffItem): valid ones go on, bad ones are rejected with field path and reason. */
export function validateDiffItems(items: readonly unknown[], options: ValidationOptions = {}): ValidatedPage {
  const valid: DiffItem[] = [];
  const rejected: RejectedItem[] = [];
  items.forEach((raw, index) => {
    const result = validateDiffItem(raw, index, options);
    if (result.ok) valid.push(result.item);
    else rejected.push(result.rejected);
  });
  return { valid, rejected };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
