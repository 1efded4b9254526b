import type { MobileUpdate } from '../domain/mobileUpdate';
import type { ContactFields } from '../domain/contact';
import type { FinalDistributionStatus } from '../domain/distribution';
import type {
  BulkUpdateResult,
  CulturalContactResult,
  DistributionLine,
  MobileUpdateResult,
  NewContact,
  NewDistributionLine,
  S360Contact,
  S360Ticket,
  SettleResult,
} from './api';

export type {
  BulkUpdateResult,
  CulturalContactResult,
  DistributionLine,
  MobileUpdateResult,
  NewContact,
  NewDistributionLine,
  S360Contact,
  S360Ticket,
  SettleResult,
} from './api';

/**
 * Every create carries one: the same key with the same request creates one thing and answers the
 * same; the same key with another request is refused. Build it from what identifies the step
 * (e.g. `distribution:<ticketId>:<transferId>`), never from a clock or a random number.
 */
export interface Idempotent {
  idempotencyKey: string;
}

/** Updating a contact either completes a temporary one or is refused because it is a normal one. */
export type ContactUpdateResult =
  { outcome: 'updated'; contact: S360Contact } | { outcome: 'refused-not-temporary'; contact: S360Contact };

/**
 * The port the activities use to reach S-360 (docs/s360-api.yaml). Failures reach the caller as
 * `TransportError` (retryable or not, scrubbed of secrets); business outcomes are results.
 */
export interface S360Gateway {
  // ---- tickets
  /** A whole page in one call; per ticket, an update no newer than what S-360 holds changes nothing. */
  applyMobileUpdates(updates: readonly MobileUpdate[]): Promise<BulkUpdateResult>;
  /** One ticket's mobile data, with the same rule. */
  applyMobileUpdate(update: MobileUpdate): Promise<MobileUpdateResult>;
  getTicket(ticketId: string): Promise<S360Ticket | undefined>;
  /** Makes `contactId` the ticket's cultural contact unless a newer change already holds it. */
  setCulturalContact(ticketId: string, contactId: number, changedAt: string): Promise<CulturalContactResult>;

  // ---- contacts
  /** All contacts with this e-mail (case-insensitive), oldest first; choose with `chooseContact`. */
  findContactsByEmail(email: string): Promise<S360Contact[]>;
  getContact(contactId: number): Promise<S360Contact | undefined>;
  createContact(contact: NewContact, options: Idempotent): Promise<S360Contact>;
  /** Completes a temporary contact; S-360 refuses to update a normal one (SPEC §7). */
  updateTemporaryContact(
    contactId: number,
    fields: ContactFields,
    options?: Partial<Idempotent>,
  ): Promise<ContactUpdateResult>;

  // ---- distribution history
  addDistributionLine(
    ticketId: string,
    line: NewDistributionLine,
    options: Idempotent,
  ): Promise<DistributionLine>;
  /** PENDING → CONFIRMED or CANCELLED once; the same final status again is a no-op; never back. */
  settleDistributionLine(
    ticketId: string,
    lineId: number,
    status: FinalDistributionStatus,
    settledAt?: string,
  ): Promise<SettleResult>;
  /** The ticket's distribution history, oldest first. */
  listDistributionLines(ticketId: string): Promise<DistributionLine[]>;
}
