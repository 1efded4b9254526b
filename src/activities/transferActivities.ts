import { chooseContact, contactFieldsFromSpectator, normalizeEmail } from '../domain/contact';
import { FEEDBACK_AUTHOR, type FinalDistributionStatus } from '../domain/distribution';
import { reconciledStatus, supersededStatus, type ReconciledStatus } from '../domain/transferOutcome';
import type { DiffItem } from '../domain/diffItem';
import type { TransferEvent } from '../domain/transferEvent';
import type { DistributionLine, S360Gateway } from '../s360/gateway';
import { s360IdempotencyKeys } from '../s360/idempotencyKeys';
import { TransportError } from '../http/transportError';
import type { FeedbackActivityDeps } from './feedbackActivities';
import { activityLog } from '../observability/activityLog';
import { toActivityFailure } from './failures';
import { isSameTransfer } from './transferKeys';

/** The transfer as it stands in S-360 once opened: its line and the two contacts. */
export interface OpenedTransfer {
  lineId: number;
  lineStatus: DistributionLine['status'];
  senderContactId: number | null;
  recipientContactId: number;
  /** Older open transfers of the ticket this one settled (their workflows are told). */
  superseded: { transferKey: string; status: FinalDistributionStatus }[];
  /** A newer transfer of the ticket was already open: this one is settled by it. */
  supersededBy?: { transferKey: string; status: FinalDistributionStatus };
  /** The recipient already had a contact (true) or a temporary one was created (false). */
  recipientContactExisted: boolean;
}

export interface CloseInput {
  event: TransferEvent;
  lineId: number;
  recipientContactId: number;
  status: FinalDistributionStatus;
}

export interface ClosedTransfer {
  status: FinalDistributionStatus;
  /** settled: the line moved now; unchanged: it already had this status; conflict: S-360 holds the other final status. */
  line: 'settled' | 'unchanged' | 'conflict';
  contact: 'completed' | 'left-unchanged-normal' | 'no-details' | 'not-needed';
  culturalContact: 'changed' | 'unchanged' | 'stale' | 'not-needed';
}

/** A line is dated by the transfer's start, the same for every step of it (stable for idempotency). */
const occurredAtOf = (event: TransferEvent): string => event.initiatedAt ?? event.statusChangedAt;

async function resolveRecipient(
  s360: S360Gateway,
  event: TransferEvent,
): Promise<{ contactId: number; existed: boolean }> {
  // Canonical here too: events recorded by an earlier version carry e-mails as TIXNGO wrote them.
  const email = normalizeEmail(event.recipientEmail);
  const existing = chooseContact(await s360.findContactsByEmail(email));
  if (existing) return { contactId: existing.contactId, existed: true };
  const created = await s360.createContact(
    { email, temporary: true, hasInternetAccount: true },
    { idempotencyKey: s360IdempotencyKeys.temporaryContact(event.organizerId, email) },
  );
  return { contactId: created.contactId, existed: false };
}

/** The sender's contact: theirs by e-mail, else the ticket's cultural contact (SPEC §8: old contact). */
async function resolveSender(s360: S360Gateway, event: TransferEvent): Promise<number | null> {
  const sender = chooseContact(await s360.findContactsByEmail(normalizeEmail(event.senderEmail)));
  if (sender) return sender.contactId;
  return (await s360.getTicket(event.ticketId))?.culturalContactId ?? null;
}

async function settle(
  s360: S360Gateway,
  ticketId: string,
  lineId: number,
  status: FinalDistributionStatus,
  at: string,
): Promise<ClosedTransfer['line']> {
  try {
    const result = await s360.settleDistributionLine(ticketId, lineId, status, at);
    return result.outcome;
  } catch (error) {
    // 409: S-360 already holds the other final status; a line never goes back, so report it.
    if (error instanceof TransportError && error.status === 409) return 'conflict';
    throw error;
  }
}

/** The transfer's line: the one with its key. */
function lineOf(lines: readonly DistributionLine[], event: TransferEvent): DistributionLine | undefined {
  return lines.find((line) => line.transferId === event.transferKey);
}

/**
 * Opens a transfer in S-360 (SPEC §7, §8): the recipient's contact (reused by e-mail, never
 * duplicated, else a temporary `Pending CREATION` one), a PENDING distribution line from the
 * sender's contact to the recipient's, and the settling of an older transfer of the ticket still
 * open. Every write is idempotent, so a retry or a second event changes nothing.
 */
export async function openTransfer(s360: S360Gateway, event: TransferEvent): Promise<OpenedTransfer> {
  // Independent reads at once; the same person on both sides is looked up after their contact exists.
  const samePerson = normalizeEmail(event.senderEmail) === normalizeEmail(event.recipientEmail);
  const [recipient, senderContactId, lines] = samePerson
    ? [await resolveRecipient(s360, event), await resolveSender(s360, event), undefined]
    : await Promise.all([
        resolveRecipient(s360, event),
        resolveSender(s360, event),
        s360.listDistributionLines(event.ticketId),
      ]);
  const existing = lineOf(lines ?? (await s360.listDistributionLines(event.ticketId)), event);
  const line =
    existing ??
    (await s360.addDistributionLine(
      event.ticketId,
      {
        oldContactId: senderContactId,
        newContactId: recipient.contactId,
        occurredAt: occurredAtOf(event),
        by: FEEDBACK_AUTHOR,
        transferId: event.transferKey,
        status: 'PENDING',
        action: 'Distribute',
      },
      {
        idempotencyKey: s360IdempotencyKeys.distributionLine(
          event.organizerId,
          event.ticketId,
          event.transferKey,
        ),
      },
    ));

  // Written first, read after: of two transfers of one ticket opened at once, the later sees the earlier.
  const superseded: OpenedTransfer['superseded'] = [];
  let supersededBy: OpenedTransfer['supersededBy'];
  for (const other of await s360.listDistributionLines(event.ticketId)) {
    if (line.status !== 'PENDING') break; // settled already: nothing to weigh against
    if (other.lineId === line.lineId || other.status !== 'PENDING' || !other.transferId) continue;
    const otherIsOlder = Date.parse(other.occurredAt) < Date.parse(line.occurredAt);
    if (otherIsOlder) {
      const status = supersededStatus(other, line);
      await settle(s360, event.ticketId, other.lineId, status, line.occurredAt);
      if (status === 'CONFIRMED')
        await s360.setCulturalContact(event.ticketId, other.newContactId, line.occurredAt);
      superseded.push({ transferKey: other.transferId, status });
    } else {
      const status = supersededStatus(line, other);
      await settle(s360, event.ticketId, line.lineId, status, other.occurredAt);
      if (status === 'CONFIRMED')
        await s360.setCulturalContact(event.ticketId, recipient.contactId, other.occurredAt);
      supersededBy = { transferKey: other.transferId, status };
    }
  }
  const current = supersededBy ? supersededBy.status : line.status;
  return {
    lineId: line.lineId,
    lineStatus: current,
    senderContactId: existing ? existing.oldContactId : senderContactId,
    recipientContactId: existing ? existing.newContactId : recipient.contactId,
    superseded,
    supersededBy,
    recipientContactExisted: recipient.existed,
  };
}

/**
 * Settles a transfer (SPEC §7, §8). Accepted: the recipient's contact is completed from TIXNGO's
 * details only if it is temporary (a normal contact is never touched), the recipient becomes the
 * ticket's cultural contact, and the line becomes CONFIRMED. Rejected, cancelled or expired: the
 * line becomes CANCELLED and the cultural contact stays the sender's.
 */
export async function closeTransfer(s360: S360Gateway, input: CloseInput): Promise<ClosedTransfer> {
  const { event } = input;
  if (input.status === 'CANCELLED') {
    const line = await settle(s360, event.ticketId, input.lineId, 'CANCELLED', event.statusChangedAt);
    return { status: 'CANCELLED', line, contact: 'not-needed', culturalContact: 'not-needed' };
  }
  let contact: ClosedTransfer['contact'] = 'no-details';
  if (event.recipient) {
    const updated = await s360.updateTemporaryContact(
      input.recipientContactId,
      contactFieldsFromSpectator(event.recipient),
      {
        idempotencyKey: s360IdempotencyKeys.contactCompletion(
          event.organizerId,
          input.recipientContactId,
          event.transferKey,
        ),
      },
    );
    contact = updated.outcome === 'updated' ? 'completed' : 'left-unchanged-normal';
  }
  const cultural = await s360.setCulturalContact(
    event.ticketId,
    input.recipientContactId,
    event.statusChangedAt,
  );
  const line = await settle(s360, event.ticketId, input.lineId, 'CONFIRMED', event.statusChangedAt);
  return { status: 'CONFIRMED', line, contact, culturalContact: cultural.outcome };
}

export interface ReconcileInput {
  organizerId: string;
  ticketId: string;
  transferKey: string;
  recipientEmail: string;
}

export interface Reconciled {
  status: ReconciledStatus;
  /** When the transfer was accepted: TIXNGO's current details of the new owner, to complete a temporary contact. */
  event?: TransferEvent;
}

/**
 * TIXNGO's current state of a ticket, or undefined when TIXNGO answers one we cannot use (invalid
 * data: a retry cannot fix it). Completing a temporary contact is then left for a later change:
 * the transfer still closes (contact `no-details`).
 */
async function currentTicketOrNone(
  tixngo: { getTicket(ticketId: string): Promise<DiffItem | null> },
  ticketId: string,
): Promise<DiffItem | undefined> {
  try {
    return (await tixngo.getTicket(ticketId)) ?? undefined;
  } catch (error) {
    if (error instanceof TransportError && error.kind === 'bad-response' && !error.retryable) {
      activityLog()?.warn('transfer closed without the new owner’s details: TIXNGO’s are invalid', {
        ticketId,
        reason: error.message,
      });
      return undefined;
    }
    throw error;
  }
}

export function createTransferActivities(deps: FeedbackActivityDeps) {
  const gatewayFor = async (organizerId: string) =>
    deps.connect(organizerId, await deps.config.organizer(organizerId));
  return {
    async openTransfer(input: { event: TransferEvent }): Promise<OpenedTransfer> {
      try {
        return await openTransfer((await gatewayFor(input.event.organizerId)).s360, input.event);
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    async closeTransfer(input: CloseInput): Promise<ClosedTransfer> {
      try {
        const { s360, tixngo } = await gatewayFor(input.event.organizerId);
        const { event } = input;
        if (input.status !== 'CONFIRMED' || event.recipient || !event.recipientDetailsOmitted) {
          return await closeTransfer(s360, input);
        }
        // The page was too large to carry the new owner's details: TIXNGO's current ones, if still theirs.
        const current = await currentTicketOrNone(tixngo, event.ticketId);
        const details = current?.spectatorDetails;
        const theirs =
          details?.email !== undefined &&
          normalizeEmail(details.email) === normalizeEmail(event.recipientEmail);
        return await closeTransfer(s360, {
          ...input,
          event: { ...event, recipient: theirs ? details : undefined },
        });
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    /** Asks TIXNGO for the ticket's current state when no outcome came within the acceptance window. */
    async reconcileTransfer(input: ReconcileInput): Promise<Reconciled> {
      try {
        const { tixngo } = await gatewayFor(input.organizerId);
        const current = await tixngo.getTicket(input.ticketId);
        const status = reconciledStatus(
          input,
          current,
          current !== null && isSameTransfer(deps.transferKeys, input, current),
        );
        if (status !== 'CONFIRMED' || !current) return { status };
        const owner = current.spectatorDetails;
        return {
          status,
          event: {
            organizerId: input.organizerId,
            ticketId: input.ticketId,
            transferKey: input.transferKey,
            status: 'TRANSFERRED',
            statusChangedAt: current.statusChangedAt,
            senderEmail: '',
            recipientEmail: normalizeEmail(input.recipientEmail),
            recipient:
              owner?.email !== undefined &&
              normalizeEmail(owner.email) === normalizeEmail(input.recipientEmail)
                ? owner
                : undefined,
          },
        };
      } catch (error) {
        throw toActivityFailure(error);
      }
    },
  };
}

export type TransferActivities = ReturnType<typeof createTransferActivities>;
