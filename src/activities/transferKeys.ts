/**
 * Transfer keys on the worker (issue 13, item 8): the keyed digest of a transfer's parties, and the
 * keys of a page's transfer steps, looking up S-360 lines where the rule of src/domain/transferKey.ts
 * asks for them. node:crypto is used here, never in workflow code.
 */
import { createHmac } from 'node:crypto';
import { MIN_TRANSFER_KEY_SECRET_LENGTH, TransferKeySecretError } from '../config/transferKeySecret';
import { normalizeEmail } from '../domain/contact';
import {
  anchorOf,
  anchorOfKey,
  anchoredKey,
  assignTransferKeys,
  ticketsToLookUp,
  type KeyableStep,
  type LineRef,
  type PartiesDigest,
  type TransferParties,
} from '../domain/transferKey';
import type { DiffItem } from '../domain/diffItem';
import { normalizeStatus } from '../domain/lifecycleStatus';
import { transferEventOf, type TransferEvent } from '../domain/transferEvent';
import type { S360Gateway } from '../s360/gateway';
import { TransportError } from '../http/transportError';

/** Hex digits of the digest kept in a key: 128 bits. */
const DIGEST_HEX = 32;
/** S-360 line lookups of one page at once. */
const LOOKUP_CONCURRENCY = 8;

/** Keys transfers with the worker's secret. */
export interface TransferKeyer {
  digest: PartiesDigest;
  /** The keyed digest (hex) of any other text, e.g. a TIXNGO transfer id unfit for a workflow id. */
  digestText(text: string): string;
}

/**
 * A TIXNGO transfer id kept as it is in keys, workflow ids and S-360 lines: short ASCII without
 * spaces. Workflow ids are never encrypted and at most 1 000 bytes (Temporal's default), while
 * TIXNGO's ids are any text of up to 256 characters (docs/tixngo-diff.md).
 */
const PLAIN_TRANSFER_ID = /^[A-Za-z0-9._:+-]{1,128}$/;

/**
 * The key of a transfer TIXNGO gave an id: that id when it is plain (PLAIN_TRANSFER_ID), else
 * `x<keyed digest of it>` (32 hex digits), so an id of any length or alphabet (spaces, non-ASCII,
 * something personal) never stalls a hand-off or shows in a workflow id.
 */
export function keyOfTixngoId(keyer: TransferKeyer, id: string): string {
  return PLAIN_TRANSFER_ID.test(id) ? id : `x${keyer.digestText(id)}`;
}

/** Hex digits of the parties' digest a TIXNGO id is keyed with: 64 bits. */
const ID_PARTIES_HEX = 16;

/**
 * The key of a transfer TIXNGO gave an id: `<keyOfTixngoId>~<keyed digest of the parties, 64 bits>`.
 * TIXNGO may reuse an id for another transfer of the ticket (A→B, then B→C): with the parties in
 * the key, that is another transfer (its own line and workflow, SPEC §8), while every step of one
 * transfer (same sender and recipient, any spelling) keeps one key.
 */
export function keyOfIdentifiedTransfer(keyer: TransferKeyer, parties: TransferParties, id: string): string {
  return `${keyOfTixngoId(keyer, id)}~${keyer.digest(parties).slice(0, ID_PARTIES_HEX)}`;
}

/** A keyer with this secret (TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET, checked at worker start). */
export function createTransferKeyer(secret: string): TransferKeyer {
  if (secret.length < MIN_TRANSFER_KEY_SECRET_LENGTH) {
    throw new TransferKeySecretError(
      `the transfer key secret needs at least ${MIN_TRANSFER_KEY_SECRET_LENGTH} characters`,
    );
  }
  return {
    digest: (parties: TransferParties) =>
      createHmac('sha256', secret)
        .update(
          JSON.stringify([
            parties.organizerId,
            parties.ticketId,
            normalizeEmail(parties.senderEmail),
            normalizeEmail(parties.recipientEmail),
          ]),
        )
        .digest('hex')
        .slice(0, DIGEST_HEX),
    digestText: (text: string) =>
      createHmac('sha256', secret)
        .update(JSON.stringify(['tixngo-transfer-id', text]))
        .digest('hex')
        .slice(0, DIGEST_HEX),
  };
}

/**
 * The key of a transfer whose start is known: TIXNGO's id, else `<digest>-<anchor of initiatedAt,
 * or of the given start>` (tests; a page's steps go through keysOfSteps, which finds the start).
 */
export function transferKeyOf(
  keyer: TransferKeyer,
  organizerId: string,
  ticketId: string,
  transfer: KeyableStep['transfer'],
  startedAt?: string,
): string {
  const parties = {
    organizerId,
    ticketId,
    senderEmail: transfer.senderEmail,
    recipientEmail: transfer.recipientEmail,
  };
  if (transfer.id) return keyOfIdentifiedTransfer(keyer, parties, transfer.id);
  const start = transfer.initiatedAt ?? startedAt;
  if (!start) throw new RangeError('a transfer without a TIXNGO id needs its start to be keyed');
  return anchoredKey(keyer.digest(parties), anchorOf(start));
}

/** The keys of a page's transfer steps, in page order, reading S-360 lines only where needed. */
export async function keysOfSteps(
  s360: Pick<S360Gateway, 'listDistributionLines'>,
  keyer: TransferKeyer,
  organizerId: string,
  steps: readonly KeyableStep[],
): Promise<string[]> {
  const tickets = ticketsToLookUp(steps);
  const lines = new Map<string, LineRef[]>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tickets.length) {
      const ticketId = tickets[next] as string;
      next += 1;
      lines.set(ticketId, await lineRefsOf(s360, ticketId));
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, tickets.length) }, lane));
  return assignTransferKeys(steps, keyer.digest, organizerId, lines);
}

/** A ticket's S-360 lines that mirror a transfer; none when S-360 does not know the ticket (404). */
async function lineRefsOf(
  s360: Pick<S360Gateway, 'listDistributionLines'>,
  ticketId: string,
): Promise<LineRef[]> {
  try {
    const lines = await s360.listDistributionLines(ticketId);
    return lines.flatMap(({ transferId, occurredAt }) => (transferId ? [{ transferId, occurredAt }] : []));
  } catch (error) {
    if (error instanceof TransportError && error.status === 404) return [];
    throw error;
  }
}

/**
 * The transfer steps of a page's items, in page order, each with its key (src/domain/transferKey.ts)
 * and its e-mails in the canonical form.
 */
export async function transferEventsOf(
  s360: Pick<S360Gateway, 'listDistributionLines'>,
  keyer: TransferKeyer,
  organizerId: string,
  items: readonly DiffItem[],
): Promise<TransferEvent[]> {
  const steps = items.flatMap((item): { event: TransferEvent; id?: string }[] => {
    const event = transferEventOf(organizerId, item, '');
    const id = item.transfer?.id;
    if (!event) return [];
    if (id === undefined) return [{ event }];
    return [{ event, id: keyOfIdentifiedTransfer(keyer, event, id) }];
  });
  const keys = await keysOfSteps(
    s360,
    keyer,
    organizerId,
    steps.map(({ event, id }) => ({
      ticketId: event.ticketId,
      status: event.status,
      statusChangedAt: event.statusChangedAt,
      transfer: {
        id,
        senderEmail: event.senderEmail,
        recipientEmail: event.recipientEmail,
        initiatedAt: event.initiatedAt,
      },
    })),
  );
  return steps.map(({ event }, index) => ({ ...event, transferKey: keys[index] as string }));
}

/**
 * Whether TIXNGO's current state of a ticket shows the transfer keyed `transferKey` (reconciliation):
 * the same TIXNGO id and parties (keyOfIdentifiedTransfer); else the same parties (digest) and start: `initiatedAt`'s anchor, a
 * PENDING_TRANSFER's own time, or for an outcome a time at or after the anchor.
 */
export function isSameTransfer(
  keyer: TransferKeyer,
  transfer: { organizerId: string; ticketId: string; transferKey: string },
  current: DiffItem,
): boolean {
  const data = current.transfer;
  if (!data) return false;
  const parties = {
    organizerId: transfer.organizerId,
    ticketId: transfer.ticketId,
    senderEmail: data.senderEmail,
    recipientEmail: data.recipientEmail,
  };
  if (data.id) {
    return transfer.transferKey === keyOfIdentifiedTransfer(keyer, parties, data.id);
  }
  const digest = keyer.digest(parties);
  const anchor = anchorOfKey(transfer.transferKey, digest);
  if (anchor === undefined) return false;
  if (data.initiatedAt) return anchorOf(data.initiatedAt) === anchor;
  const own = anchorOf(current.statusChangedAt);
  return normalizeStatus(current.status) === 'PENDING_TRANSFER' ? own === anchor : own >= anchor;
}
