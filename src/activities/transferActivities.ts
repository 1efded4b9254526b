import { chooseContact, contactFieldsFromSpectator, normalizeEmail } from '../domain/contact';
import { FEEDBACK_AUTHOR, type FinalDistributionStatus } from '../domain/distribution';
import {
  adjacentTransfers,
  reconciledStatus,
  settledStatus,
  confirmsOlder,
  type ReconciledStatus,
} from '../domain/transferOutcome';
import type { DiffItem } from '../domain/diffItem';
import type { SpectatorDetails } from '../domain/spectator';
import type { TransferEvent } from '../domain/transferEvent';
import type { DistributionLine, NewDistributionLine, S360Gateway } from '../s360/gateway';
import { s360IdempotencyKeys } from '../s360/idempotencyKeys';
import { TransportError } from '../http/transportError';
import type { FeedbackActivityDeps } from './feedbackActivities';
import { activityLog } from '../observability/activityLog';
import { noMetrics } from '../observability/metrics';
import { UNEXPECTED_ERROR_MAX_ATTEMPTS, currentAttempt, toActivityFailure } from './failures';
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

/**
 * A transfer party's contact (SPEC §7): theirs by e-mail (never duplicated), else a temporary
 * `Pending CREATION` one with an internet account, created under the one key of that e-mail, so the
 * sender of one transfer and the recipient of another are the same contact whichever opens first
 * (issue 14: the old contact is never the ticket's cultural contact nor null because of a race).
 */
async function resolveContact(
  s360: S360Gateway,
  organizerId: string,
  rawEmail: string,
): Promise<{ contactId: number; existed: boolean; temporary: boolean }> {
  // Canonical here too: events recorded by an earlier version carry e-mails as TIXNGO wrote them.
  const email = normalizeEmail(rawEmail);
  const existing = chooseContact(await s360.findContactsByEmail(email));
  if (existing) return { contactId: existing.contactId, existed: true, temporary: existing.temporary };
  const created = await s360.createContact(
    { email, temporary: true, hasInternetAccount: true },
    { idempotencyKey: s360IdempotencyKeys.temporaryContact(organizerId, email) },
  );
  return { contactId: created.contactId, existed: false, temporary: true };
}

/** The sender's details when the event's page could not carry them (TIXNGO's, if still the sender's). */
export type SenderDetailsLookup = () => Promise<SpectatorDetails | undefined>;

/**
 * Completes the sender's temporary contact from TIXNGO's details of the sender (SPEC §7: a temporary
 * contact found for a distribution is updated by the mapping; before TRANSFERRED the wallet owner
 * TIXNGO describes is the sender). A normal contact is never touched (S-360 refuses it too).
 */
async function completeSender(
  s360: S360Gateway,
  event: TransferEvent,
  sender: { contactId: number; temporary: boolean },
  lookup: SenderDetailsLookup | undefined,
): Promise<void> {
  if (!sender.temporary) return;
  const details = event.sender ?? (event.senderDetailsOmitted ? await lookup?.() : undefined);
  if (!details || details.email === undefined) return;
  if (normalizeEmail(details.email) !== normalizeEmail(event.senderEmail)) return;
  await s360.updateTemporaryContact(sender.contactId, contactFieldsFromSpectator(details), {
    idempotencyKey: s360IdempotencyKeys.contactCompletion(
      event.organizerId,
      sender.contactId,
      event.transferKey,
    ),
  });
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

/** One millisecond before `at` (ISO 8601). */
function justBefore(at: string): string {
  return new Date(Date.parse(at) - 1).toISOString();
}

/**
 * Writes the transfer's PENDING line under its one idempotency key (a retry or a second event
 * repeats the same request and S-360 answers the line it has), then reads the ticket's history:
 * written first, read after, so of two transfers of one ticket opened at once, the later to read
 * sees both. When S-360 refuses the write, the line may still be there (written by an earlier
 * attempt whose contacts, chosen by e-mail, were others: the key then names another request), so
 * the history is read and the refusal stands only if the line is not in it.
 */
async function writeLineThenRead(
  s360: S360Gateway,
  event: TransferEvent,
  line: NewDistributionLine,
): Promise<DistributionLine[]> {
  const idempotencyKey = s360IdempotencyKeys.distributionLine(
    event.organizerId,
    event.ticketId,
    event.transferKey,
  );
  try {
    await s360.addDistributionLine(event.ticketId, line, { idempotencyKey });
  } catch (error) {
    if (!(error instanceof TransportError) || error.status === undefined) throw error;
    const lines = await s360.listDistributionLines(event.ticketId);
    if (lineOf(lines, event)) return lines;
    throw error;
  }
  return s360.listDistributionLines(event.ticketId);
}

/**
 * Confirms a PENDING line that a newer transfer of the ticket confirms (SPEC §8, confirmsOlder): the
 * cultural contact first, then the line, each idempotent, so a retry after a failure between the two
 * finishes the job (issue 14). Returns the line's end status (S-360's, on a conflict or when it was
 * already settled).
 * `at` is the newer transfer's start: the older recipient held the ticket *before* it, so the
 * cultural contact is dated just before `at`. Dated at `at`, it would tie with the newer transfer's
 * own acceptance when TIXNGO gave that transfer no start time and it was first seen accepted, and
 * S-360 would take whichever came last: the ticket could end on the older recipient.
 */
async function confirmSuperseded(
  s360: S360Gateway,
  ticketId: string,
  line: DistributionLine,
  at: string,
): Promise<FinalDistributionStatus> {
  if (line.status !== 'PENDING') return line.status;
  await s360.setCulturalContact(ticketId, line.newContactId, justBefore(at));
  return settledStatus('CONFIRMED', await settle(s360, ticketId, line.lineId, 'CONFIRMED', at));
}

/**
 * Opens a transfer in S-360 (SPEC §7, §8): the recipient's and the sender's contacts (each reused by
 * e-mail, never duplicated, else a temporary `Pending CREATION` one; the sender's completed from
 * TIXNGO's details of the sender when it is temporary), a PENDING distribution line
 * from the sender's to the recipient's, then the neighbour rule (adjacentTransfers): the ticket's
 * transfer just after this one settles it, and this one settles the one just before it, CONFIRMED
 * when the later one's sender is the earlier one's recipient (confirmsOlder); otherwise the
 * earlier one waits for TIXNGO's word on it (its own outcome, or TIXNGO asked after the window).
 * Lines are written first and read after, so of two transfers of one ticket opened in any order or
 * at once, the later to read sees both and S-360 ends the same. Every write is idempotent and each
 * step leaves S-360 right for a retry, so a retry or a second event changes nothing.
 */
export async function openTransfer(
  s360: S360Gateway,
  event: TransferEvent,
  senderDetails?: SenderDetailsLookup,
): Promise<OpenedTransfer> {
  const { organizerId, ticketId } = event;
  const samePerson = normalizeEmail(event.senderEmail) === normalizeEmail(event.recipientEmail);
  const [recipient, sender] = await Promise.all([
    resolveContact(s360, organizerId, event.recipientEmail),
    samePerson ? undefined : resolveContact(s360, organizerId, event.senderEmail),
  ]);
  if (sender) await completeSender(s360, event, sender, senderDetails);
  const lines = await writeLineThenRead(s360, event, {
    oldContactId: (sender ?? recipient).contactId,
    newContactId: recipient.contactId,
    occurredAt: occurredAtOf(event),
    by: FEEDBACK_AUTHOR,
    transferId: event.transferKey,
    status: 'PENDING',
    action: 'Distribute',
  });
  const line = lineOf(lines, event);
  if (!line)
    throw new Error(`the distribution line of transfer on ticket ${ticketId} is missing after its write`);
  const { before, after } = adjacentTransfers(lines, line);

  let lineStatus = line.status;
  let supersededBy: OpenedTransfer['supersededBy'];
  // A newer transfer settles this one only by confirming it (confirmsOlder); a line already settled
  // (a step read again) reports the newer transfer too.
  if (after?.transferId && (confirmsOlder(line, after) || line.status !== 'PENDING')) {
    lineStatus = await confirmSuperseded(s360, ticketId, line, after.occurredAt);
    supersededBy = { transferKey: after.transferId, status: lineStatus };
  }
  // Its workflow is told when this transfer confirms it, now or in an attempt that failed after the
  // settle (S-360 then shows it settled at this line's start); not when its own outcome settled it.
  const superseded: OpenedTransfer['superseded'] = [];
  if (before?.transferId && confirmsOlder(before, line)) {
    const settledByThis =
      before.status === 'PENDING' ||
      (before.settledAt !== null && Date.parse(before.settledAt) === Date.parse(line.occurredAt));
    const status = await confirmSuperseded(s360, ticketId, before, line.occurredAt);
    if (settledByThis) superseded.push({ transferKey: before.transferId, status });
  }
  return {
    lineId: line.lineId,
    lineStatus,
    senderContactId: line.oldContactId,
    recipientContactId: line.newContactId,
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
  /**
   * TIXNGO's current state of the ticket could not be read (it does not validate: a status TIXNGO
   * added later, any invalid field): the transfer stays PENDING and is asked about again. Names the
   * ticket and the problem, never personal data.
   */
  warning?: string;
}

type TicketReader = { getTicket(ticketId: string): Promise<DiffItem | null> };

/**
 * Why TIXNGO's answer about a ticket cannot be used, when asking again now will not make it usable:
 * an answer that does not validate (an unknown status, any invalid field), one over the size bound,
 * or a garbled one still garbled after the attempts an unforeseen answer gets (toActivityFailure).
 * Undefined for any other failure: an outage is retried for as long as it takes, a refused key fails.
 * Without this, one TIXNGO schema addition would fail every open transfer of the ticket for good.
 */
function unusableAnswer(error: unknown): string | undefined {
  if (!(error instanceof TransportError)) return undefined;
  if (error.kind !== 'bad-response' && error.kind !== 'too-large') return undefined;
  if (error.retryable && currentAttempt() < UNEXPECTED_ERROR_MAX_ATTEMPTS) return undefined;
  return error.message;
}

/**
 * TIXNGO's current state of a ticket, or undefined when TIXNGO answers one we cannot use
 * (unusableAnswer). Completing a temporary contact is then left for a later change: the transfer
 * still opens or closes (contact `no-details`).
 */
async function currentTicketOrNone(
  tixngo: TicketReader,
  ticketId: string,
  unusable: () => void,
): Promise<DiffItem | undefined> {
  const read = await readCurrentTicket(tixngo, ticketId);
  if ('problem' in read) {
    unusable();
    activityLog()?.warn('transfer step without the ticket owner’s details: TIXNGO’s are invalid', {
      ticketId,
      reason: read.problem,
    });
    return undefined;
  }
  return read.current ?? undefined;
}

/** TIXNGO's current state of a ticket (null: TIXNGO does not know it), or why it cannot be used. */
async function readCurrentTicket(
  tixngo: TicketReader,
  ticketId: string,
): Promise<{ current: DiffItem | null } | { problem: string }> {
  try {
    return { current: await tixngo.getTicket(ticketId) };
  } catch (error) {
    const problem = unusableAnswer(error);
    if (problem === undefined) throw error;
    return { problem };
  }
}

export function createTransferActivities(deps: FeedbackActivityDeps) {
  const gatewayFor = async (organizerId: string) =>
    deps.connect(organizerId, await deps.config.organizer(organizerId));
  const metrics = deps.metrics ?? noMetrics;
  /** Counts an answer of TIXNGO the step could not use (the log and the transfer's state name the ticket). */
  const unusableFor = (organizerId: string, activityType: string) => () =>
    metrics.ticketAnswerUnusable(organizerId, activityType);
  return {
    async openTransfer(input: { event: TransferEvent }): Promise<OpenedTransfer> {
      try {
        const { s360, tixngo } = await gatewayFor(input.event.organizerId);
        // Only asked when the page could not carry the sender's details and their contact is temporary.
        const senderDetails = async (): Promise<SpectatorDetails | undefined> =>
          (
            await currentTicketOrNone(
              tixngo,
              input.event.ticketId,
              unusableFor(input.event.organizerId, 'openTransfer'),
            )
          )?.spectatorDetails;
        return await openTransfer(s360, input.event, senderDetails);
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    async closeTransfer(input: CloseInput): Promise<ClosedTransfer> {
      try {
        // The TIXNGO client is made only when it is asked for (connectors.ts).
        const connection = await gatewayFor(input.event.organizerId);
        const { s360 } = connection;
        const { event } = input;
        if (input.status !== 'CONFIRMED' || event.recipient || !event.recipientDetailsOmitted) {
          return await closeTransfer(s360, input);
        }
        // The page was too large to carry the new owner's details: TIXNGO's current ones, if still theirs.
        const current = await currentTicketOrNone(
          connection.tixngo,
          event.ticketId,
          unusableFor(event.organizerId, 'closeTransfer'),
        );
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
        const read = await readCurrentTicket(tixngo, input.ticketId);
        if ('problem' in read) {
          unusableFor(input.organizerId, 'reconcileTransfer')();
          // TIXNGO decides (issue 14): a state we cannot read decides nothing, so the transfer stays
          // PENDING and is asked about again at the next, longer interval; never cancelled on our own.
          activityLog()?.warn('transfer left PENDING: TIXNGO’s current state of the ticket is invalid', {
            ticketId: input.ticketId,
            reason: read.problem,
          });
          return {
            status: 'PENDING',
            warning:
              `TIXNGO's current state of ticket ${input.ticketId} does not validate (${read.problem}): ` +
              'the transfer stays PENDING and TIXNGO is asked again at the next, longer interval',
          };
        }
        const { current } = read;
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
