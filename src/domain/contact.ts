import { z } from 'zod';
import { StorableText } from './storableText';
import type { SpectatorDetails } from './spectator';

/** An S-360 contact is a person (individual) or an organisation acting for others (relay). */
export const CONTACT_STRUCTURES = ['INDIVIDUAL', 'RELAY'] as const;
export const ContactStructure = z.enum(CONTACT_STRUCTURES);
export type ContactStructure = z.infer<typeof ContactStructure>;

/** The name a temporary contact carries until TIXNGO tells who the recipient is (SPEC §7). */
export const TEMPORARY_CONTACT_NAME = { firstName: 'Pending', lastName: 'CREATION' } as const;

const contactFields = (text: () => z.ZodString) =>
  z.object({
    /** individualTitle */
    title: text().max(64).optional(),
    /** individualFirstname */
    firstName: text().max(256).optional(),
    /** individualLastname */
    lastName: text().max(256).optional(),
    /** individualBirthdate, as TIXNGO sent it */
    birthdate: text().max(64).optional(),
    /** email */
    email: text().min(3).max(320).optional(),
    /** individualCountryCode */
    nationality: text().max(64).optional(),
    /** individualIdNumber: passport or ID card */
    idNumber: text().max(128).optional(),
    /** cellPhoneNumber */
    cellPhone: text().max(64).optional(),
    /** countryCode: country of residence */
    countryCode: text().max(64).optional(),
    /** individualPreferredLanguage */
    preferredLanguage: text().max(32).optional(),
    /** CNIL_O / INSTITUTION: accepts e-mail from the institution */
    consentInstitutionEmail: z.boolean().optional(),
    /** CNIL_T / THIRD_PARTY: accepts transmission of e-mail to third parties */
    consentThirdPartyEmail: z.boolean().optional(),
  });

/** The 12 contact fields the feedback may write (SPEC §7), named as S-360 names them; text S-360 can store. */
export const ContactFields = contactFields(() => StorableText);
/** The same, as S-360 answers them: any text (an answer is read leniently). */
export const StoredContactFields = contactFields(() => z.string());
export type ContactFields = z.infer<typeof ContactFields>;

/** What the contact-choice rule needs to know of each candidate. */
export interface ContactCandidate {
  contactId: number;
  structure: ContactStructure;
  hasInternetAccount: boolean;
}

/** A contact is temporary while it carries the `Pending CREATION` name (or no name at all). */
export function isTemporaryName(
  firstName: string | undefined | null,
  lastName: string | undefined | null,
): boolean {
  const first = (firstName ?? '').trim();
  const last = (lastName ?? '').trim();
  if (first === '' && last === '') return true;
  return first === TEMPORARY_CONTACT_NAME.firstName && last === TEMPORARY_CONTACT_NAME.lastName;
}

/**
 * The canonical form of an e-mail address (issue 13, item 7): trimmed, Unicode NFC, lower case.
 * `Carla.X@Example.test` and `carla.x@example.test` are one person: every comparison, key, digest
 * and contact write of a transfer uses this form (TransferEvent carries it).
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

const rank = (contact: ContactCandidate): [number, number, number] => [
  contact.hasInternetAccount ? 0 : 1,
  contact.structure === 'INDIVIDUAL' ? 0 : 1,
  contact.contactId,
];

/**
 * Which of several contacts sharing an e-mail a distribution reuses (SPEC §7, §11): one with an
 * internet account first; among equals the individual before the relay; then the oldest (lowest id),
 * so the choice is the same at every run.
 */
export function chooseContact<T extends ContactCandidate>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const candidate of candidates) {
    if (!best) {
      best = candidate;
      continue;
    }
    const [a, b] = [rank(candidate), rank(best)];
    const better = a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];
    if (better) best = candidate;
  }
  return best;
}

/**
 * The contact fields TIXNGO's spectator details give, by the mapping of SPEC §7 (only what was sent);
 * the e-mail in its canonical form.
 */
export function contactFieldsFromSpectator(spectator: SpectatorDetails): ContactFields {
  const fields: ContactFields = {
    title: spectator.title,
    firstName: spectator.firstName,
    lastName: spectator.lastName,
    birthdate: spectator.dateOfBirth,
    email: spectator.email === undefined ? undefined : normalizeEmail(spectator.email),
    nationality: spectator.nationality,
    idNumber: spectator.idCardNumber,
    cellPhone: spectator.phoneNumber,
    countryCode: spectator.residenceCountry,
    preferredLanguage: spectator.language,
    consentInstitutionEmail: spectator.organizerSpectatorPreference?.allowPromoEmail,
    consentThirdPartyEmail: spectator.organizerSpectatorPreference?.allowThirdPartyEmail,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''),
  ) as ContactFields;
}
