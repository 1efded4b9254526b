/**
 * The identity of one transfer of one ticket (issue 13, item 8), as pure rules; the keyed digest
 * itself is computed on the worker (src/activities/transferKeys.ts), never in workflow code.
 *
 * - TIXNGO's transfer id, when it gives one, is the key.
 * - Otherwise the key is `<digest>-<anchor>`: `digest` a keyed hash (HMAC-SHA256 with a secret only
 *   the worker has) of organizer, ticket, sender and recipient, so the key, which stands in workflow
 *   ids (never encrypted), lets nobody confirm a guessed e-mail; `anchor` the transfer's start,
 *   `YYYYMMDDTHHMMSSmmmZ` (UTC, milliseconds):
 *   - TIXNGO's `initiatedAt`, when given;
 *   - else, for a PENDING_TRANSFER step, its own `statusChangedAt`;
 *   - else (an outcome: TRANSFERRED, FAILURE_TRANSFER, FAILURE) the anchor of the latest
 *     PENDING_TRANSFER of the same ticket and parties in the same page at or before it; else of the
 *     ticket's latest S-360 distribution line of the same parties (its key starts with the same
 *     digest) anchored at or before it; else its own `statusChangedAt`.
 *
 * Residual limit: a keyless outcome whose PENDING_TRANSFER came in an earlier page of the same run,
 * before that PENDING's line was written to S-360, finds neither, and opens a transfer of its own:
 * the PENDING's line is then settled as superseded (CANCELLED) and the outcome gets a line of its own.
 */
import { normalizeEmail } from './contact';
import type { TransferEventStatus } from './transferEvent';

/** Who a transfer is between, e-mails in the canonical form (normalizeEmail). */
export interface TransferParties {
  organizerId: string;
  ticketId: string;
  senderEmail: string;
  recipientEmail: string;
}

/** The keyed digest of a transfer's parties (hex), computed with the worker's secret. */
export type PartiesDigest = (parties: TransferParties) => string;

/** What keying needs to know of one transfer step. */
export interface KeyableStep {
  ticketId: string;
  status: TransferEventStatus;
  statusChangedAt: string;
  transfer: { id?: string; senderEmail: string; recipientEmail: string; initiatedAt?: string };
}

/** A time as an anchor: UTC to the millisecond, `YYYYMMDDTHHMMSSmmmZ` (sorts as it happened). */
export function anchorOf(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError('a transfer anchor needs an RFC 3339 time');
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

/** `<digest>-<anchor>`. */
export function anchoredKey(digest: string, anchor: string): string {
  return `${digest}-${anchor}`;
}

/** The anchor of a key built by anchoredKey with this digest; undefined for any other key. */
export function anchorOfKey(key: string, digest: string): string | undefined {
  const prefix = `${digest}-`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

const isPending = (step: KeyableStep): boolean => step.status === 'PENDING_TRANSFER';
const keyless = (step: KeyableStep): boolean => !step.transfer.id && !step.transfer.initiatedAt;
const sameParties = (a: KeyableStep, b: KeyableStep): boolean =>
  a.ticketId === b.ticketId &&
  normalizeEmail(a.transfer.senderEmail) === normalizeEmail(b.transfer.senderEmail) &&
  normalizeEmail(a.transfer.recipientEmail) === normalizeEmail(b.transfer.recipientEmail);

type StepsByTicket = ReadonlyMap<string, readonly KeyableStep[]>;

function groupByTicket(page: readonly KeyableStep[]): StepsByTicket {
  const byTicket = new Map<string, KeyableStep[]>();
  for (const step of page) {
    const steps = byTicket.get(step.ticketId);
    if (steps) steps.push(step);
    else byTicket.set(step.ticketId, [step]);
  }
  return byTicket;
}

/**
 * The anchor of the latest PENDING_TRANSFER (without a TIXNGO id) of the step's ticket and parties
 * in the page, at or before it.
 */
function pageAnchor(step: KeyableStep, byTicket: StepsByTicket): string | undefined {
  const time = Date.parse(step.statusChangedAt);
  let latest: KeyableStep | undefined;
  for (const other of byTicket.get(step.ticketId) ?? []) {
    if (!isPending(other) || other.transfer.id || !sameParties(step, other)) continue;
    const at = Date.parse(other.statusChangedAt);
    if (at <= time && (latest === undefined || at > Date.parse(latest.statusChangedAt))) latest = other;
  }
  return latest && anchorOf(latest.transfer.initiatedAt ?? latest.statusChangedAt);
}

/**
 * The tickets whose S-360 lines keying needs: those with a keyless outcome step that no keyless
 * PENDING_TRANSFER of the same parties in the page precedes. Each ticket once, first seen first.
 */
export function ticketsToLookUp(page: readonly KeyableStep[]): string[] {
  const byTicket = groupByTicket(page);
  const tickets = new Set<string>();
  for (const step of page) {
    if (keyless(step) && !isPending(step) && pageAnchor(step, byTicket) === undefined) {
      tickets.add(step.ticketId);
    }
  }
  return [...tickets];
}

/**
 * The key of each step of a page, in page order (the rule is in this module's docstring).
 * `lineKeys` gives, for the tickets ticketsToLookUp named, the transfer ids of their S-360 lines.
 */
export function assignTransferKeys(
  page: readonly KeyableStep[],
  digestOf: PartiesDigest,
  organizerId: string,
  lineKeys: ReadonlyMap<string, readonly string[]> = new Map(),
): string[] {
  const byTicket = groupByTicket(page);
  return page.map((step) => {
    if (step.transfer.id) return step.transfer.id;
    const digest = digestOf({
      organizerId,
      ticketId: step.ticketId,
      senderEmail: normalizeEmail(step.transfer.senderEmail),
      recipientEmail: normalizeEmail(step.transfer.recipientEmail),
    });
    if (step.transfer.initiatedAt) return anchoredKey(digest, anchorOf(step.transfer.initiatedAt));
    const own = anchorOf(step.statusChangedAt);
    if (isPending(step)) return anchoredKey(digest, own);
    const anchor =
      pageAnchor(step, byTicket) ?? latestLineAnchor(lineKeys.get(step.ticketId) ?? [], digest, own);
    return anchoredKey(digest, anchor ?? own);
  });
}

/** The latest anchor at or before `notAfter` among the keys with this digest. */
function latestLineAnchor(keys: readonly string[], digest: string, notAfter: string): string | undefined {
  let latest: string | undefined;
  for (const key of keys) {
    const anchor = anchorOfKey(key, digest);
    if (anchor !== undefined && anchor <= notAfter && (latest === undefined || anchor > latest))
      latest = anchor;
  }
  return latest;
}
