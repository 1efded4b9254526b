import { normalizeEmail } from '../../domain/contact';

/**
 * The S-360 invariants of issue 14 (SPEC §7, §8), as pure rules over a plain snapshot of S-360 state:
 * `findViolations` lists EVERY violation, each naming the ticket or contact and the rule broken.
 *
 * Per ticket, its distribution lines in time order (occurredAt, then lineId):
 * - `chain`: each line's old contact is the new contact of the previous CONFIRMED line; for a line with
 *   no CONFIRMED line before it, the ticket's cultural contact as it was before the first line. That
 *   contact is read from the ticket's cultural-contact history (the simulator keeps every change with
 *   TIXNGO's change time; a seeded contact has no time and counts as "before everything"): the newest
 *   entry older than the first line. When there is none (S-360 sold the ticket to nobody it knows),
 *   the old contact must still be a contact (not empty) and, given TIXNGO's steps, the sender's (same
 *   canonical e-mail as `transfer.senderEmail`).
 * - `cancelled-without-tixngo` (needs the steps TIXNGO served): a CANCELLED line's transfer was neither
 *   accepted (TRANSFERRED, or the next transfer of the ticket sent by its recipient) and it was ended
 *   by TIXNGO: FAILURE, FAILURE_TRANSFER, or a newer transfer of the same ticket.
 * - `confirmed-without-tixngo` (needs the steps): a CONFIRMED line's transfer was accepted, as above.
 * - `cultural-contact`: the ticket's cultural contact is the new contact of its latest CONFIRMED line
 *   (tickets without a CONFIRMED line are not judged).
 * - `duplicate-line` (needs the steps): at most one line per TIXNGO transfer.
 * Contacts:
 * - `duplicate-contact`: one contact per canonical e-mail (`normalizeEmail`), contacts that were there
 *   before (`preexistingContactIds`, e.g. a test's seeded INDIVIDUAL + RELAY pair) aside.
 * - `temporary-not-completed` (needs the steps): once TIXNGO sent a transfer recipient's details (a
 *   TRANSFERRED step whose `spectatorDetails` has a first and last name and the recipient's e-mail),
 *   no contact with that e-mail is still temporary.
 *
 * A line is matched to TIXNGO's transfer by ticket, start time (`transfer.initiatedAt`, else the
 * transfer's first `statusChangedAt`, as the feedback writes `occurredAt`) and recipient e-mail.
 */

export type InvariantRule =
  | 'chain'
  | 'cancelled-without-tixngo'
  | 'confirmed-without-tixngo'
  | 'cultural-contact'
  | 'duplicate-line'
  | 'duplicate-contact'
  | 'temporary-not-completed';

export interface Violation {
  rule: InvariantRule;
  ticketId?: string;
  lineId?: number;
  contactIds?: number[];
  /** What is wrong, in words (ids and statuses only: no personal data but a canonical e-mail's count). */
  detail: string;
}

export interface StateLine {
  lineId: number;
  oldContactId: number | null;
  newContactId: number;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  /** RFC 3339. */
  occurredAt: string;
}

export interface StateTicket {
  ticketId: string;
  culturalContactId: number | null;
  /** Every cultural-contact change, oldest first; `changedAt` null: set before TIXNGO said anything. */
  culturalContactHistory: { contactId: number; changedAt: string | null }[];
  lines: StateLine[];
}

export interface StateContact {
  contactId: number;
  email: string;
  temporary: boolean;
}

export interface S360State {
  tickets: StateTicket[];
  contacts: StateContact[];
}

/** A diff item as TIXNGO served it (only the fields the rules read; anything else is ignored). */
export interface ServedStep {
  ticketId: string;
  status: string;
  statusChangedAt: string;
  transfer?: { id?: string; senderEmail: string; recipientEmail: string; initiatedAt?: string };
  spectatorDetails?: { email?: string; firstName?: string; lastName?: string };
}

export interface InvariantInput {
  state: S360State;
  /** The steps TIXNGO served (any order, duplicates allowed); without them the rules marked so are skipped. */
  steps?: readonly unknown[];
  /** Contacts that existed before the feedback ran: not counted as duplicates among themselves. */
  preexistingContactIds?: readonly number[];
}

const TRANSFER_STATUSES = new Set([
  'PENDING_TRANSFER',
  'PENDING',
  'TRANSFERRED',
  'FAILURE_TRANSFER',
  'FAILURE',
]);
const ENDED_BY_TIXNGO = new Set(['FAILURE_TRANSFER', 'FAILURE']);

interface TixngoTransfer {
  key: string;
  start: number;
  sender: string;
  recipient: string;
  statuses: Set<string>;
}

const time = (value: string): number => Date.parse(value);

function isServedStep(value: unknown): value is ServedStep {
  if (!value || typeof value !== 'object') return false;
  const step = value as Partial<ServedStep>;
  return (
    typeof step.ticketId === 'string' &&
    typeof step.status === 'string' &&
    typeof step.statusChangedAt === 'string' &&
    !Number.isNaN(time(step.statusChangedAt))
  );
}

function hasTransfer(
  step: ServedStep,
): step is ServedStep & { transfer: NonNullable<ServedStep['transfer']> } {
  const transfer = step.transfer as Partial<NonNullable<ServedStep['transfer']>> | undefined;
  return (
    TRANSFER_STATUSES.has(step.status) &&
    typeof transfer?.senderEmail === 'string' &&
    typeof transfer.recipientEmail === 'string'
  );
}

/** TIXNGO's transfers per ticket, oldest first, from the steps it served. */
function transfersByTicket(steps: readonly ServedStep[]): Map<string, TixngoTransfer[]> {
  const byKey = new Map<string, TixngoTransfer & { ticketId: string }>();
  for (const step of steps) {
    if (!hasTransfer(step)) continue;
    const { transfer } = step;
    const sender = normalizeEmail(transfer.senderEmail);
    const recipient = normalizeEmail(transfer.recipientEmail);
    const identity = transfer.id ?? `${sender}\n${recipient}\n${transfer.initiatedAt ?? ''}`;
    const key = `${step.ticketId}\n${identity}`;
    const at = time(transfer.initiatedAt ?? step.statusChangedAt);
    const known = byKey.get(key);
    if (known) {
      known.statuses.add(step.status);
      if (!transfer.initiatedAt) known.start = Math.min(known.start, at);
    } else {
      byKey.set(key, {
        key,
        ticketId: step.ticketId,
        start: at,
        sender,
        recipient,
        statuses: new Set([step.status]),
      });
    }
  }
  const result = new Map<string, TixngoTransfer[]>();
  for (const transfer of byKey.values()) {
    const list = result.get(transfer.ticketId) ?? [];
    list.push(transfer);
    result.set(transfer.ticketId, list);
  }
  for (const list of result.values()) list.sort((a, b) => a.start - b.start);
  return result;
}

/** Accepted in TIXNGO's words: TRANSFERRED, or the ticket's next transfer is sent by the recipient. */
function accepted(transfer: TixngoTransfer, next: TixngoTransfer | undefined): boolean {
  return transfer.statuses.has('TRANSFERRED') || (next !== undefined && next.sender === transfer.recipient);
}

const byTime = (a: StateLine, b: StateLine): number =>
  time(a.occurredAt) - time(b.occurredAt) || a.lineId - b.lineId;

function contactBeforeFirstLine(ticket: StateTicket, first: StateLine): number | null {
  let before: number | null = null;
  for (const change of ticket.culturalContactHistory) {
    if (change.changedAt === null || time(change.changedAt) < time(first.occurredAt))
      before = change.contactId;
  }
  return before;
}

function checkTicket(
  ticket: StateTicket,
  emailOf: Map<number, string>,
  transfers: TixngoTransfer[] | undefined,
  violations: Violation[],
): void {
  const lines = [...ticket.lines].sort(byTime);
  const first = lines[0];
  if (!first) return;
  const { ticketId } = ticket;
  const matchOf = (line: StateLine): number =>
    transfers?.findIndex(
      (transfer) =>
        transfer.start === time(line.occurredAt) && transfer.recipient === emailOf.get(line.newContactId),
    ) ?? -1;

  const before = contactBeforeFirstLine(ticket, first);
  let lastConfirmed: StateLine | undefined;
  const seenTransfers = new Map<number, number>();
  for (const line of lines) {
    const index = matchOf(line);
    const transfer = index >= 0 ? transfers?.[index] : undefined;
    const expected = lastConfirmed ? lastConfirmed.newContactId : before;
    if (expected !== null && line.oldContactId !== expected) {
      violations.push({
        rule: 'chain',
        ticketId,
        lineId: line.lineId,
        detail: `line ${line.lineId}: old contact ${String(line.oldContactId)}, expected ${expected} (${
          lastConfirmed
            ? `new contact of CONFIRMED line ${lastConfirmed.lineId}`
            : 'cultural contact before the first line'
        })`,
      });
    } else if (expected === null && line.oldContactId === null) {
      violations.push({
        rule: 'chain',
        ticketId,
        lineId: line.lineId,
        detail: `line ${line.lineId}: no old contact (the ticket had no cultural contact: the sender's contact is expected)`,
      });
    } else if (
      expected === null &&
      transfer &&
      line.oldContactId !== null &&
      emailOf.get(line.oldContactId) !== transfer.sender
    ) {
      violations.push({
        rule: 'chain',
        ticketId,
        lineId: line.lineId,
        detail: `line ${line.lineId}: old contact ${line.oldContactId} is not the sender's (by e-mail)`,
      });
    }
    if (line.status === 'CONFIRMED') lastConfirmed = line;

    if (!transfers) continue;
    if (index >= 0) {
      const other = seenTransfers.get(index);
      if (other !== undefined) {
        violations.push({
          rule: 'duplicate-line',
          ticketId,
          lineId: line.lineId,
          detail: `lines ${other} and ${line.lineId} mirror the same TIXNGO transfer`,
        });
      }
      seenTransfers.set(index, line.lineId);
    }
    const next = index >= 0 ? transfers[index + 1] : undefined;
    const wasAccepted = transfer !== undefined && accepted(transfer, next);
    if (line.status === 'CANCELLED') {
      const ended =
        transfer !== undefined && [...transfer.statuses].some((status) => ENDED_BY_TIXNGO.has(status));
      const newer = transfers.some((other) => other.start > time(line.occurredAt));
      if (wasAccepted || !(ended || newer)) {
        violations.push({
          rule: 'cancelled-without-tixngo',
          ticketId,
          lineId: line.lineId,
          detail: `line ${line.lineId} is CANCELLED but TIXNGO ${
            wasAccepted
              ? 'says the transfer was accepted'
              : 'never ended it (no FAILURE, FAILURE_TRANSFER or newer transfer)'
          }`,
        });
      }
    }
    if (line.status === 'CONFIRMED' && !wasAccepted) {
      violations.push({
        rule: 'confirmed-without-tixngo',
        ticketId,
        lineId: line.lineId,
        detail: `line ${line.lineId} is CONFIRMED but TIXNGO never said the transfer was accepted`,
      });
    }
  }
  if (lastConfirmed && ticket.culturalContactId !== lastConfirmed.newContactId) {
    violations.push({
      rule: 'cultural-contact',
      ticketId,
      lineId: lastConfirmed.lineId,
      detail: `cultural contact ${String(ticket.culturalContactId)}, expected ${lastConfirmed.newContactId} (new contact of the latest CONFIRMED line ${lastConfirmed.lineId})`,
    });
  }
}

function checkContacts(
  input: InvariantInput,
  steps: ServedStep[] | undefined,
  violations: Violation[],
): void {
  const preexisting = new Set(input.preexistingContactIds ?? []);
  const byEmail = new Map<string, StateContact[]>();
  for (const contact of input.state.contacts) {
    const email = normalizeEmail(contact.email);
    byEmail.set(email, [...(byEmail.get(email) ?? []), contact]);
  }
  for (const contacts of byEmail.values()) {
    if (contacts.length > 1 && contacts.some((contact) => !preexisting.has(contact.contactId))) {
      const ids = contacts.map((contact) => contact.contactId);
      violations.push({
        rule: 'duplicate-contact',
        contactIds: ids,
        detail: `contacts ${ids.join(', ')} share one e-mail`,
      });
    }
  }
  if (!steps) return;
  const detailsSent = new Set<string>();
  for (const step of steps) {
    if (step.status !== 'TRANSFERRED' || !hasTransfer(step)) continue;
    const details = step.spectatorDetails;
    if (typeof details?.email !== 'string' || !details.firstName?.trim() || !details.lastName?.trim())
      continue;
    const email = normalizeEmail(details.email);
    if (email === normalizeEmail(step.transfer.recipientEmail)) detailsSent.add(email);
  }
  for (const [email, contacts] of byEmail) {
    if (!detailsSent.has(email)) continue;
    for (const contact of contacts.filter((candidate) => candidate.temporary)) {
      violations.push({
        rule: 'temporary-not-completed',
        contactIds: [contact.contactId],
        detail: `contact ${contact.contactId} is still temporary although TIXNGO sent the person's details`,
      });
    }
  }
}

/** Every violation of the invariants in `input.state` (empty: S-360 is consistent). */
export function findViolations(input: InvariantInput): Violation[] {
  const violations: Violation[] = [];
  const steps = input.steps?.filter(isServedStep);
  const transfers = steps ? transfersByTicket(steps) : undefined;
  const emailOf = new Map(
    input.state.contacts.map((contact) => [contact.contactId, normalizeEmail(contact.email)] as const),
  );
  for (const ticket of input.state.tickets) {
    checkTicket(ticket, emailOf, transfers ? (transfers.get(ticket.ticketId) ?? []) : undefined, violations);
  }
  checkContacts(input, steps, violations);
  return violations;
}

/** One line per violation, for test failures and reports. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map((violation) => {
      const where = violation.ticketId
        ? `ticket ${violation.ticketId}`
        : `contact ${violation.contactIds?.join(', ') ?? '?'}`;
      return `${violation.rule} (${where}): ${violation.detail}`;
    })
    .join('\n');
}
