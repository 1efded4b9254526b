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
 *   - else (an outcome: TRANSFERRED, FAILURE_TRANSFER, FAILURE) the anchor of the PENDING_TRANSFER
 *     of the same parties that is the ticket's last step before the outcome in the same page; when
 *     the page has no earlier step of the ticket, that of the ticket's latest S-360 distribution line
 *     started at or before the outcome, if its key starts with the same digest (the digest finds the
 *     parties' lines without revealing them); otherwise (another step or line came between, or none
 *     is known) the outcome's own `statusChangedAt`: a transfer whose PENDING_TRANSFER was never
 *     seen gets a line of its own.
 *
 * Residual limits (keyless transfers only): an outcome whose PENDING_TRANSFER came in an earlier page
 * of the same run, before that PENDING's line reached S-360, is keyed as if that PENDING was never
 * seen; and of two transfers in a row between the same parties, a second one whose PENDING_TRANSFER
 * was never seen is taken for the first (its outcome settles the first's line, or is refused by it).
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
  normalizeEmail(a.transfer.senderEmail) === normalizeEmail(b.transfer.senderEmail) &&
  normalizeEmail(a.transfer.recipientEmail) === normalizeEmail(b.transfer.recipientEmail);

/** What keying needs to know of one S-360 distribution line of a ticket. */
export interface LineRef {
  transferId: string;
  /** The transfer's start, as the line is dated (initiatedAt, else the PENDING's statusChangedAt). */
  occurredAt: string;
}

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
 * The ticket's step in the page that came last before the outcome `step`: a PENDING_TRANSFER at or
 * before it, or any other step strictly before it (the same item twice is not "before" itself).
 */
function latestPrior(step: KeyableStep, byTicket: StepsByTicket): KeyableStep | undefined {
  const time = Date.parse(step.statusChangedAt);
  let latest: KeyableStep | undefined;
  let latestAt = Number.NEGATIVE_INFINITY;
  for (const other of byTicket.get(step.ticketId) ?? []) {
    const at = Date.parse(other.statusChangedAt);
    if (at > time || (at === time && !isPending(other))) continue;
    // Ties: the PENDING_TRANSFER is the later one (a transfer accepted in the millisecond it began).
    if (at > latestAt || (at === latestAt && isPending(other))) {
      latest = other;
      latestAt = at;
    }
  }
  return latest;
}

/** The ticket's latest line started at or before `time`. */
function latestLine(lines: readonly LineRef[], time: string): LineRef | undefined {
  const limit = Date.parse(time);
  let latest: LineRef | undefined;
  for (const line of lines) {
    const at = Date.parse(line.occurredAt);
    if (at <= limit && (latest === undefined || at >= Date.parse(latest.occurredAt))) latest = line;
  }
  return latest;
}

/**
 * The tickets whose S-360 lines keying needs: those with a keyless outcome step that no step of
 * the ticket in the page precedes. Each ticket once, first seen first.
 */
export function ticketsToLookUp(page: readonly KeyableStep[]): string[] {
  const byTicket = groupByTicket(page);
  const tickets = new Set<string>();
  for (const step of page) {
    if (keyless(step) && !isPending(step) && latestPrior(step, byTicket) === undefined) {
      tickets.add(step.ticketId);
    }
  }
  return [...tickets];
}

/**
 * The key of each step of a page, in page order (the rule is in this module's docstring).
 * `linesOf` gives, for the tickets ticketsToLookUp named, their S-360 lines that carry a transfer id.
 */
export function assignTransferKeys(
  page: readonly KeyableStep[],
  digestOf: PartiesDigest,
  organizerId: string,
  linesOf: ReadonlyMap<string, readonly LineRef[]> = new Map(),
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
    // An outcome: the ticket's latest step before it, if it is the PENDING of the same parties.
    const prior = latestPrior(step, byTicket);
    if (prior) {
      const same = isPending(prior) && !prior.transfer.id && sameParties(step, prior);
      return anchoredKey(digest, same ? anchorOf(prior.transfer.initiatedAt ?? prior.statusChangedAt) : own);
    }
    const line = latestLine(linesOf.get(step.ticketId) ?? [], step.statusChangedAt);
    return anchoredKey(digest, (line && anchorOfKey(line.transferId, digest)) ?? own);
  });
}
