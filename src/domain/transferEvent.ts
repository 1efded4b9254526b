import { normalizeEmail } from './contact';
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
  /**
   * TIXNGO's transfer id, or `<keyed digest of the parties>-<anchor>` (src/domain/transferKey.ts):
   * the same for every step of one transfer, never revealing an e-mail.
   */
  transferKey: string;
  status: TransferEventStatus;
  statusChangedAt: string;
  /** Canonical (normalizeEmail). */
  senderEmail: string;
  /** Canonical (normalizeEmail). */
  recipientEmail: string;
  /** When the sender started the transfer, if TIXNGO says. */
  initiatedAt?: string;
  /** On TRANSFERRED, the new owner as TIXNGO describes them (to complete a temporary contact). */
  recipient?: SpectatorDetails;
  /** The page was too large to carry `recipient`: closing asks TIXNGO for the new owner's details. */
  recipientDetailsOmitted?: true;
  /**
   * Before TRANSFERRED, the wallet owner is the sender: their details as TIXNGO describes them (only
   * when the owner's e-mail is the sender's), to complete the sender's temporary contact (SPEC §7).
   */
  sender?: SpectatorDetails;
  /** The page was too large to carry `sender`: opening asks TIXNGO for them if they are needed. */
  senderDetailsOmitted?: true;
}

/**
 * Keeps the parties' details of a page's transfer steps (the recipient's, the sender's) within
 * `budgetBytes` (as JSON), in page order; later steps lose them and are marked, so a page summary
 * never nears Temporal's 2 MiB payload limit however large the page. Pure; the steps given are not
 * changed.
 */
export function boundRecipientDetails(
  events: readonly TransferEvent[],
  budgetBytes: number,
): TransferEvent[] {
  let used = 0;
  const fits = (details: SpectatorDetails | undefined): boolean => {
    if (!details) return true;
    used += JSON.stringify(details).length;
    return used <= budgetBytes;
  };
  return events.map((event) => {
    const { recipient, sender, ...rest } = event;
    if (!recipient && !sender) return event;
    const bounded: TransferEvent = { ...rest };
    if (recipient) {
      if (fits(recipient)) bounded.recipient = recipient;
      else bounded.recipientDetailsOmitted = true;
    }
    if (sender) {
      if (fits(sender)) bounded.sender = sender;
      else bounded.senderDetailsOmitted = true;
    }
    return bounded;
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

/**
 * The transfer step a diff item carries, if any, keyed by `transferKey` (src/domain/transferKey.ts).
 * E-mails are in the canonical form (normalizeEmail) from here on: the sender's, the recipient's and
 * that of the new owner's details, so every comparison, key and S-360 write sees one spelling.
 */
export function transferEventOf(
  organizerId: string,
  item: DiffItem,
  transferKey: string,
): TransferEvent | undefined {
  const status = normalizeStatus(item.status);
  if (!isTransferStatus(status) || status === 'PENDING' || !item.transfer) return undefined;
  const owner = item.spectatorDetails;
  const ownerDetails = owner && {
    ...owner,
    ...(owner.email !== undefined ? { email: normalizeEmail(owner.email) } : {}),
  };
  const senderEmail = normalizeEmail(item.transfer.senderEmail);
  return {
    organizerId,
    ticketId: item.ticketId,
    taxNumber: item.taxNumber,
    transferKey,
    status,
    statusChangedAt: item.statusChangedAt,
    senderEmail,
    recipientEmail: normalizeEmail(item.transfer.recipientEmail),
    initiatedAt: item.transfer.initiatedAt,
    recipient: status === 'TRANSFERRED' ? ownerDetails : undefined,
    // Not yet accepted: the wallet owner is still the sender (docs/tixngo-diff.md), when the e-mails agree.
    ...(status !== 'TRANSFERRED' && ownerDetails?.email === senderEmail ? { sender: ownerDetails } : {}),
  };
}
