import { z } from 'zod';
import { LifecycleStatus } from './lifecycleStatus';
import { SpectatorDetails } from './spectator';
import { StorableText, unstorableTextReason } from './storableText';

/** Ticket ids: up to 256 letters, digits, spaces and `*.-_+/()` (SPEC §10). */
export const TicketId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9 *.\-_+/()]+$/, 'only letters, digits, spaces and *.-_+/() are allowed');

/** Tax numbers (S-360 "ticket numbers"): up to 256 characters (SPEC §10). */
export const TaxNumber = StorableText.min(1).max(256);

/** An e-mail address, checked loosely: TIXNGO already verified it; we only refuse obvious garbage. */
export const EmailAddress = StorableText.max(320).regex(/^[^\s@]+@[^\s@]+$/, 'not an e-mail address');

/** An RFC 3339 time with a zone (`Z` or an offset). */
export const Timestamp = z.iso.datetime({ offset: true, error: 'not an RFC 3339 date-time with a zone' });

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

/** Validates one raw ticket: the ticket, or why it is rejected (field path and reason). */
export function validateDiffItem(raw: unknown, index = 0): ItemValidation {
  if (!isPlainObject(raw)) {
    return {
      ok: false,
      rejected: { index, path: '(item)', reason: `expected a ticket object, got ${describe(raw)}` },
    };
  }
  const parsed = DiffItem.safeParse(dropNulls(raw));
  if (parsed.success) return { ok: true, item: parsed.data };
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

/** Validates each item on its own: valid ones go on, bad ones are rejected with field path and reason. */
export function validateDiffItems(items: readonly unknown[]): ValidatedPage {
  const valid: DiffItem[] = [];
  const rejected: RejectedItem[] = [];
  items.forEach((raw, index) => {
    const result = validateDiffItem(raw, index);
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
