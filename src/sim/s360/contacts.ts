import {
  isTemporaryName,
  normalizeEmail,
  TEMPORARY_CONTACT_NAME,
  type ContactFields,
  type ContactStructure,
} from '../../domain/contact';
import { CONTACT_NOT_TEMPORARY, type NewContact, type S360Contact } from '../../s360/api';
import type { Queryable } from './db';
import { conflict, notFound } from './errors';
import { iso, withoutNulls } from './time';

interface ContactRow {
  contact_id: number;
  structure: ContactStructure;
  temporary: boolean;
  has_internet_account: boolean;
  title: string | null;
  first_name: string | null;
  last_name: string | null;
  birthdate: string | null;
  email: string;
  nationality: string | null;
  id_number: string | null;
  cell_phone: string | null;
  country_code: string | null;
  preferred_language: string | null;
  consent_institution_email: boolean | null;
  consent_third_party_email: boolean | null;
  created_at: Date;
  updated_at: Date;
}

/** Contact field → column, in one place for insert, update and read. */
const FIELD_COLUMNS = {
  title: 'title',
  firstName: 'first_name',
  lastName: 'last_name',
  birthdate: 'birthdate',
  email: 'email',
  nationality: 'nationality',
  idNumber: 'id_number',
  cellPhone: 'cell_phone',
  countryCode: 'country_code',
  preferredLanguage: 'preferred_language',
  consentInstitutionEmail: 'consent_institution_email',
  consentThirdPartyEmail: 'consent_third_party_email',
} as const satisfies Record<keyof ContactFields, keyof ContactRow>;

const FIELDS = Object.keys(FIELD_COLUMNS) as (keyof ContactFields)[];

export function toContact(row: ContactRow): S360Contact {
  const fields = withoutNulls(
    Object.fromEntries(FIELDS.map((field) => [field, row[FIELD_COLUMNS[field]]])) as ContactFields,
  );
  return {
    contactId: row.contact_id,
    structure: row.structure,
    temporary: row.temporary,
    hasInternetAccount: row.has_internet_account,
    ...fields,
    email: row.email,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** All contacts with this e-mail, without regard to case, oldest first. */
export async function findContactsByEmail(db: Queryable, email: string): Promise<S360Contact[]> {
  const { rows } = await db.query<ContactRow>(
    'SELECT * FROM contacts WHERE email_normalized = $1 ORDER BY contact_id',
    [normalizeEmail(email)],
  );
  return rows.map(toContact);
}

export async function getContact(db: Queryable, contactId: number): Promise<S360Contact | undefined> {
  const { rows } = await db.query<ContactRow>('SELECT * FROM contacts WHERE contact_id = $1', [contactId]);
  return rows[0] && toContact(rows[0]);
}

export async function contactsExist(db: Queryable, contactIds: readonly number[]): Promise<number[]> {
  const { rows } = await db.query<{ contact_id: number }>(
    'SELECT contact_id FROM contacts WHERE contact_id = ANY($1::int[])',
    [contactIds],
  );
  const found = new Set(rows.map((row) => row.contact_id));
  return contactIds.filter((id) => !found.has(id));
}

/** Creates a contact; a temporary one is named `Pending CREATION`. */
export async function createContact(db: Queryable, input: NewContact): Promise<S360Contact> {
  const fields: ContactFields = { ...input };
  if (input.temporary) Object.assign(fields, TEMPORARY_CONTACT_NAME);
  const email = input.email.trim();
  const columns = FIELDS.filter((field) => fields[field] !== undefined && field !== 'email');
  const values = columns.map((field) => fields[field]);
  const { rows } = await db.query<ContactRow>(
    `INSERT INTO contacts (structure, temporary, has_internet_account, email, email_normalized
                           ${columns.map((field) => `, ${FIELD_COLUMNS[field]}`).join('')})
     VALUES ($1, $2, $3, $4, $5 ${columns.map((_, index) => `, $${index + 6}`).join('')})
     RETURNING *`,
    [
      input.structure ?? 'INDIVIDUAL',
      isTemporaryName(fields.firstName, fields.lastName),
      input.hasInternetAccount ?? false,
      email,
      normalizeEmail(email),
      ...values,
    ],
  );
  return toContact(rows[0] as ContactRow);
}

/**
 * Completes a temporary contact with the fields given (one transaction). It stays temporary until it
 * has a real name. A normal contact is never updated: 409 with the contact as it is.
 */
export async function updateTemporaryContact(
  tx: Queryable,
  contactId: number,
  fields: ContactFields,
): Promise<S360Contact> {
  const { rows } = await tx.query<ContactRow>('SELECT * FROM contacts WHERE contact_id = $1 FOR UPDATE', [
    contactId,
  ]);
  const row = rows[0];
  if (!row) throw notFound(`contact ${contactId} not found`);
  if (!row.temporary) {
    const name = [row.first_name, row.last_name].filter(Boolean).join(' ');
    throw conflict(
      `contact ${contactId} (${name}) is a normal contact: S-360 only updates temporary "Pending CREATION" contacts`,
      CONTACT_NOT_TEMPORARY,
      { contact: toContact(row) },
    );
  }
  const given = FIELDS.filter((field) => fields[field] !== undefined);
  const merged = {
    firstName: fields.firstName ?? row.first_name,
    lastName: fields.lastName ?? row.last_name,
    email: (fields.email ?? row.email).trim(),
  };
  const assignments = given
    .filter((field) => field !== 'email')
    .map((field, index) => `${FIELD_COLUMNS[field]} = $${index + 5}`);
  const { rows: updated } = await tx.query<ContactRow>(
    `UPDATE contacts SET temporary = $2, email = $3, email_normalized = $4, updated_at = now()
            ${assignments.map((assignment) => `, ${assignment}`).join('')}
      WHERE contact_id = $1 RETURNING *`,
    [
      contactId,
      isTemporaryName(merged.firstName, merged.lastName),
      merged.email,
      normalizeEmail(merged.email),
      ...given.filter((field) => field !== 'email').map((field) => fields[field]),
    ],
  );
  return toContact(updated[0] as ContactRow);
}

/** The back-office list: newest first. */
export async function listContacts(
  db: Queryable,
  limit: number,
): Promise<{ total: number; contacts: S360Contact[] }> {
  const [{ rows: count }, { rows }] = await Promise.all([
    db.query<{ total: number }>('SELECT count(*)::int AS total FROM contacts'),
    db.query<ContactRow>('SELECT * FROM contacts ORDER BY contact_id DESC LIMIT $1', [limit]),
  ]);
  return { total: count[0]?.total ?? 0, contacts: rows.map(toContact) };
}

export async function contactsById(
  db: Queryable,
  contactIds: readonly number[],
): Promise<Map<number, S360Contact>> {
  if (contactIds.length === 0) return new Map();
  const { rows } = await db.query<ContactRow>('SELECT * FROM contacts WHERE contact_id = ANY($1::int[])', [
    [...new Set(contactIds)],
  ]);
  return new Map(rows.map((row) => [row.contact_id, toContact(row)]));
}
