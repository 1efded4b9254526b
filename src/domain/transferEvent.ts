import type { DiffItem } from './diffItem';
import { isTransferStatus, normalizeStatus, type TransferStatus } from './lifecycleStatus';
import type { SpectatorDetails } from './spectator';

/** Statuses that move a transfer (SPEC §8), once PENDING is read as PENDING_TRANSFER. */
export type TransferEventStatus = Exclude<TransferStatus, 'PENDING'>;

/** What a transfer workflow needs to know of one step of one transfer: ids, statuses, e-mails. */
export interface TransferEvent {
  organizerId: string;
  ticketId: string;
  taxNumber?: string;
  /** TIXNGO's transfer id, or a stable key derived from the transfer's parties and start. */
  transferKey: string;
  status: TransferEventStatus;
  statusChangedAt: string;
  senderEmail: string;
  recipientEmail: string;
  /** When the sender started the transfer, if TIXNGO says. */
  initiatedAt?: string;
  /** On TRANSFERRED, the new owner as TIXNGO describes them (to complete a temporary contact). */
  recipient?: SpectatorDetails;
  /** The page was too large to carry `recipient`: closing asks TIXNGO for the new owner's details. */
  recipientDetailsOmitted?: true;
}

/**
 * Keeps the recipients' details of a page's transfer steps within `budgetBytes` (as JSON), in page
 * order; later steps lose them and are marked, so a page summary never nears Temporal's 2 MiB
 * payload limit however large the page. Pure; the steps given are not changed.
 */
export function boundRecipientDetails(
  events: readonly TransferEvent[],
  budgetBytes: number,
): TransferEvent[] {
  let used = 0;
  return events.map((event) => {
    if (!event.recipient) return event;
    used += JSON.stringify(event.recipient).length;
    if (used <= budgetBytes) return event;
    const { recipient: _omitted, ...rest } = event;
    return { ...rest, recipientDetailsOmitted: true };
  });
}

/** FNV-1a, 32 bit, as 8 hex digits: short, stable, and usable in workflow code. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The transfer identity: TIXNGO's id when given, else a hash of sender, recipient and start time. */
export function transferKeyOf(transfer: NonNullable<DiffItem['transfer']>): string {
  if (transfer.id) return transfer.id;
  const parties = `${transfer.senderEmail.toLowerCase()}|${transfer.recipientEmail.toLowerCase()}|${transfer.initiatedAt ?? ''}`;
  return `t${fnv1a(parties)}`;
}

/** The transfer step a diff item carries, if any. */
export function transferEventOf(organizerId: string, item: DiffItem): TransferEvent | undefined {
  const status = normalizeStatus(item.status);
  if (!isTransferStatus(status) || status === 'PENDING' || !item.transfer) return undefined;
  return {
    organizerId,
    ticketId: item.ticketId,
    taxNumber: item.taxNumber,
    transferKey: transferKeyOf(item.transfer),
    status,
    statusChangedAt: item.statusChangedAt,
    senderEmail: item.transfer.senderEmail,
    recipientEmail: item.transfer.recipientEmail,
    initiatedAt: item.transfer.initiatedAt,
    recipient: status === 'TRANSFERRED' ? item.spectatorDetails : undefined,
  };
}
