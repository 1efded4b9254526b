/**
 * The wire format of docs/s360-api.yaml as zod schemas: the simulator validates requests with them,
 * the adapter validates answers with them, and the port's types are derived from them.
 */
import { z } from 'zod';
import {
  ContactFields,
  ContactStructure,
  StoredContactFields,
  TEMPORARY_CONTACT_NAME,
} from '../domain/contact';
import { DistributionAction, DistributionStatus, FinalDistributionStatus } from '../domain/distribution';
import { LifecycleStatus } from '../domain/lifecycleStatus';
import { SpectatorDetails, StoredSpectatorDetails } from '../domain/spectator';
import { StorableText } from '../domain/storableText';

export const API_PREFIX = '/api/v1';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const Timestamp = z.iso.datetime({ offset: true });

/** Ticket ids as S-360 stores them (the TIXNGO id of the ticket; SPEC §10: up to 256 characters). */
export const S360TicketId = StorableText.min(1).max(256);
export const ContactId = z.number().int().positive();
export const LineId = z.number().int().positive();

/** `Idempotency-Key`: any printable ASCII, 1 to 255 characters. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'use printable ASCII characters without spaces');

// ---------------------------------------------------------------- contacts

export const S360Contact = StoredContactFields.extend({
  contactId: ContactId,
  structure: ContactStructure,
  /** Named `Pending CREATION`: the only kind of contact the feedback may update. */
  temporary: z.boolean(),
  hasInternetAccount: z.boolean(),
  email: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type S360Contact = z.infer<typeof S360Contact>;

export const ContactList = z.object({ contacts: z.array(S360Contact) });

export const NewContact = ContactFields.extend({
  structure: ContactStructure.default('INDIVIDUAL'),
  /** true: S-360 names the contact `Pending CREATION` (give no first or last name then). */
  temporary: z.boolean().default(false),
  hasInternetAccount: z.boolean().default(false),
  email: StorableText.min(3).max(320),
}).superRefine((contact, ctx) => {
  if (contact.temporary) {
    for (const field of ['firstName', 'lastName'] as const) {
      const value = contact[field];
      if (value !== undefined && value !== TEMPORARY_CONTACT_NAME[field]) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `a temporary contact is named "${TEMPORARY_CONTACT_NAME.firstName} ${TEMPORARY_CONTACT_NAME.lastName}": leave ${field} out`,
        });
      }
    }
  } else if (!contact.lastName?.trim()) {
    ctx.addIssue({
      code: 'custom',
      path: ['lastName'],
      message: 'a normal contact needs a last name (or create it with "temporary": true)',
    });
  }
});
export type NewContact = z.input<typeof NewContact>;

export const ContactUpdate = ContactFields.refine((fields) => Object.keys(fields).length > 0, {
  message: 'give at least one contact field to update',
});
export type ContactUpdate = z.input<typeof ContactUpdate>;

export const CONTACT_NOT_TEMPORARY = 'CONTACT_NOT_TEMPORARY';

// ---------------------------------------------------------------- tickets

export const StatusChange = z.object({ status: LifecycleStatus, at: Timestamp });
export type StatusChange = z.infer<typeof StatusChange>;

export const S360Ticket = z.object({
  ticketId: S360TicketId,
  taxNumber: z.string().nullable(),
  mobileStatus: LifecycleStatus.nullable(),
  /** TIXNGO's time of the change S-360 holds; an update stamped no later than this changes nothing. */
  statusChangedAt: Timestamp.nullable(),
  walletOwner: StoredSpectatorDetails.nullable(),
  holder: StoredSpectatorDetails.nullable(),
  beaconName: z.string().nullable(),
  extraInfo: z.record(z.string(), z.string()),
  /** Every mobile status change S-360 applied, oldest first. */
  statusHistory: z.array(StatusChange),
  culturalContactId: ContactId.nullable(),
  culturalContactChangedAt: Timestamp.nullable(),
});
export type S360Ticket = z.infer<typeof S360Ticket>;

export const MobileData = z.object({
  taxNumber: StorableText.max(256).optional(),
  mobileStatus: LifecycleStatus,
  statusChangedAt: Timestamp,
  walletOwner: SpectatorDetails.optional(),
  holder: SpectatorDetails.optional(),
  beaconName: StorableText.max(256).optional(),
  extraInfo: z.record(StorableText, StorableText).optional(),
});
export type MobileData = z.input<typeof MobileData>;

export const MobileUpdateWire = MobileData.extend({ ticketId: S360TicketId });

export const BulkMobileUpdateRequest = z.object({ updates: z.array(MobileUpdateWire).max(10_000) });

export const BulkUpdateResult = z.object({
  /** Tickets whose mobile data changed. */
  applied: z.number().int().nonnegative(),
  /** Tickets S-360 already had at this TIXNGO change time or newer: nothing changed. */
  unchanged: z.number().int().nonnegative(),
});
export type BulkUpdateResult = z.infer<typeof BulkUpdateResult>;

export const MobileUpdateResult = z.object({
  /** false: S-360 already held this TIXNGO change or a newer one; nothing changed. */
  applied: z.boolean(),
  ticket: S360Ticket,
});
export type MobileUpdateResult = z.infer<typeof MobileUpdateResult>;

export const CulturalContactChange = z.object({
  contactId: ContactId,
  /** TIXNGO's time of the ownership change; an older change never replaces a newer one. */
  changedAt: Timestamp,
});
export type CulturalContactChange = z.infer<typeof CulturalContactChange>;

export const CulturalContactResult = z.object({
  /** changed: now this contact; unchanged: it already was; stale: a newer change holds the ticket. */
  outcome: z.enum(['changed', 'unchanged', 'stale']),
  ticket: S360Ticket,
});
export type CulturalContactResult = z.infer<typeof CulturalContactResult>;

// ---------------------------------------------------------------- distribution history

export const NewDistributionLine = z.object({
  action: DistributionAction.default('Distribute'),
  /** The sender's cultural contact; null when the ticket had none. */
  oldContactId: ContactId.nullable(),
  /** The recipient's cultural contact. */
  newContactId: ContactId,
  status: DistributionStatus.default('PENDING'),
  /** When the transfer happened in TIXNGO. */
  occurredAt: Timestamp,
  /** Who S-360 shows as the author, e.g. "TIXNGO feedback". */
  by: StorableText.min(1).max(128),
  /** TIXNGO's transfer this line mirrors. */
  transferId: StorableText.min(1).max(256).optional(),
});
export type NewDistributionLine = z.input<typeof NewDistributionLine>;

export const DistributionLine = z.object({
  lineId: LineId,
  ticketId: S360TicketId,
  action: DistributionAction,
  oldContactId: ContactId.nullable(),
  newContactId: ContactId,
  status: DistributionStatus,
  occurredAt: Timestamp,
  by: z.string(),
  transferId: z.string().nullable(),
  settledAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type DistributionLine = z.infer<typeof DistributionLine>;

export const DistributionLineList = z.object({ lines: z.array(DistributionLine) });

export const SettleRequest = z.object({
  status: FinalDistributionStatus,
  /** When TIXNGO settled the transfer; defaults to the time S-360 receives the request. */
  settledAt: Timestamp.optional(),
});
export type SettleRequest = z.input<typeof SettleRequest>;

export const SettleResult = z.object({
  /** settled: the line moved from PENDING; unchanged: it already had this final status. */
  outcome: z.enum(['settled', 'unchanged']),
  line: DistributionLine,
});
export type SettleResult = z.infer<typeof SettleResult>;

/** Every error answer: a sentence for people, a code for programs. */
export const ErrorBody = z.object({ message: z.string(), code: z.string().optional() });
