import type { ContactFields } from '../../domain/contact';
import type { FinalDistributionStatus } from '../../domain/distribution';
import type { MobileUpdate } from '../../domain/mobileUpdate';
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
} from '../../s360/api';
import * as contacts from './contacts';
import { embeddedDatabase, postgresDatabase, checkSchemaName, type SqlDatabase } from './db';
import * as distributions from './distributions';
import { once, type IdempotentAnswer } from './idempotency';
import type { S360State } from './invariants';
import { migrate } from './migrations';
import { snapshot } from './snapshot';
import * as tickets from './tickets';

export interface S360StoreOptions {
  /** PostgreSQL to use; when absent, an embedded PGlite database (in memory, or in `dataDir`). */
  databaseUrl?: string;
  /** PostgreSQL schema holding this simulator's tables (one per test keeps tests independent). */
  schema: string;
  /** Embedded store only: keep the data in this directory instead of memory. */
  dataDir?: string;
}

/** Idempotency of a create: the key and the operation's name, checked against the request. */
export interface CreateKey {
  key: string;
  operation: string;
}

/**
 * The S-360 simulator's storage: the same SQL and migrations on PostgreSQL and on PGlite, behind a
 * small query interface. Every rule S-360 enforces lives here, so the HTTP layer only translates.
 */
export class S360Store {
  private constructor(
    private readonly db: SqlDatabase,
    readonly schema: string,
  ) {}

  /** Opens the database and brings the schema up to date. */
  static async open(options: S360StoreOptions): Promise<S360Store> {
    const schema = checkSchemaName(options.schema);
    const db = options.databaseUrl
      ? postgresDatabase(options.databaseUrl, schema)
      : await embeddedDatabase(schema, options.dataDir);
    try {
      await migrate(db, schema);
    } catch (error) {
      await db.close();
      throw error;
    }
    return new S360Store(db, schema);
  }

  /** Where the data lives, without credentials. */
  get description(): string {
    return this.db.description;
  }

  // ---------------------------------------------------------------- tickets

  applyMobileUpdates(updates: readonly MobileUpdate[]): Promise<BulkUpdateResult> {
    return tickets.applyMobileUpdates(this.db, updates);
  }

  async applyMobileUpdate(update: MobileUpdate): Promise<MobileUpdateResult> {
    return this.db.transaction(async (tx) => {
      const { applied } = await tickets.applyMobileUpdates(tx, [update]);
      return { applied: applied === 1, ticket: await tickets.requireTicket(tx, update.ticketId) };
    });
  }

  getTicket(ticketId: string): Promise<S360Ticket | undefined> {
    return tickets.getTicket(this.db, ticketId);
  }

  findTicketId(wanted: string): Promise<string | undefined> {
    return tickets.findTicketId(this.db, wanted);
  }

  /** Simulator only: a ticket S-360 sold before TIXNGO says anything, with its cultural contact. */
  seedTicket(seed: tickets.TicketSeed): Promise<S360Ticket> {
    return tickets.seedTicket(this.db, seed);
  }

  setCulturalContact(ticketId: string, contactId: number, changedAt: string): Promise<CulturalContactResult> {
    return this.db.transaction((tx) => tickets.setCulturalContact(tx, ticketId, contactId, changedAt));
  }

  listTickets(limit: number): ReturnType<typeof tickets.listTickets> {
    return tickets.listTickets(this.db, limit);
  }

  // ---------------------------------------------------------------- contacts

  findContactsByEmail(email: string): Promise<S360Contact[]> {
    return contacts.findContactsByEmail(this.db, email);
  }

  getContact(contactId: number): Promise<S360Contact | undefined> {
    return contacts.getContact(this.db, contactId);
  }

  contactsById(contactIds: readonly number[]): Promise<Map<number, S360Contact>> {
    return contacts.contactsById(this.db, contactIds);
  }

  listContacts(limit: number): ReturnType<typeof contacts.listContacts> {
    return contacts.listContacts(this.db, limit);
  }

  /** Creates a contact once per idempotency key; answers 201 and the contact. */
  createContact(contact: NewContact, idempotency: CreateKey): Promise<IdempotentAnswer> {
    return once(this.db, { ...idempotency, request: contact }, async (tx) => ({
      statusCode: 201,
      body: await contacts.createContact(tx, contact),
    }));
  }

  /** With a key, a repeated update answers what the first one did (even once the contact is complete). */
  updateTemporaryContact(
    contactId: number,
    fields: ContactFields,
    idempotency?: CreateKey,
  ): Promise<IdempotentAnswer> {
    const update = async (tx: Parameters<typeof contacts.updateTemporaryContact>[0]) => ({
      statusCode: 200,
      body: await contacts.updateTemporaryContact(tx, contactId, fields),
    });
    if (idempotency) return once(this.db, { ...idempotency, request: { contactId, fields } }, update);
    return this.db.transaction(async (tx) => ({ ...(await update(tx)), replayed: false }));
  }

  // ---------------------------------------------------------------- distribution history

  /** Adds a line once per idempotency key; answers 201 and the line. */
  addDistributionLine(
    ticketId: string,
    line: NewDistributionLine,
    idempotency: CreateKey,
  ): Promise<IdempotentAnswer> {
    return once(this.db, { ...idempotency, request: { ticketId, line } }, async (tx) => ({
      statusCode: 201,
      body: await distributions.addDistributionLine(tx, ticketId, line),
    }));
  }

  settleDistributionLine(
    ticketId: string,
    lineId: number,
    status: FinalDistributionStatus,
    settledAt?: string,
  ): Promise<SettleResult> {
    return distributions.settleDistributionLine(this.db, ticketId, lineId, status, settledAt);
  }

  listDistributionLines(ticketId: string): Promise<DistributionLine[]> {
    return distributions.listDistributionLines(this.db, ticketId);
  }

  /** Simulator only: the state the invariants checker judges (snapshot.ts), read in one snapshot. */
  snapshot(): Promise<S360State> {
    return this.db.transaction((tx) => snapshot(tx));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Counts rows of a table (tests prove "one row" with it). */
  async count(table: 'tickets' | 'contacts' | 'distribution_lines' | 'idempotency_keys'): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]?.n ?? 0;
  }

  /** Drops this simulator's schema (tests clean up after themselves). */
  async drop(): Promise<void> {
    await this.db.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** The former name, kept for callers of the walking skeleton. */
export { S360Store as PgS360Store };
