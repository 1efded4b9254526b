import { Pool } from 'pg';
import { newestPerTicket, type MobileUpdate } from '../../domain/mobileUpdate';
import type { BulkUpdateResult, S360Ticket } from '../../s360/gateway';
import type { LifecycleStatus } from '../../domain/lifecycleStatus';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Migrations, applied in order at start; each runs once per schema. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tickets (
     ticket_id          text PRIMARY KEY,
     tax_number         text,
     mobile_status      text,
     status_changed_at  timestamptz,
     wallet_owner       jsonb,
     holder             jsonb,
     beacon_name        text,
     extra_info         jsonb,
     updated_at         timestamptz NOT NULL DEFAULT now()
   )`,
];

export interface S360StoreOptions {
  databaseUrl: string;
  /** PostgreSQL schema holding this simulator's tables (one per test keeps tests independent). */
  schema: string;
}

/** The S-360 simulator's storage on PostgreSQL. */
export class PgS360Store {
  private readonly pool: Pool;
  readonly schema: string;

  constructor(options: S360StoreOptions) {
    if (!SCHEMA_NAME.test(options.schema)) {
      throw new Error(`Invalid schema name "${options.schema}": use lowercase letters, digits and "_".`);
    }
    this.schema = options.schema;
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: 8,
      options: `-c search_path=${options.schema}`,
    });
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`SET search_path TO ${this.schema}`);
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [this.schema]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY)');
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
        const done = new Set(rows.map((row) => row.version));
        for (const [index, sql] of MIGRATIONS.entries()) {
          if (done.has(index + 1)) continue;
          await client.query('BEGIN');
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
          await client.query('COMMIT');
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [this.schema]);
      }
    } finally {
      client.release();
    }
  }

  /** Upserts each ticket's mobile data unless S-360 already holds an equal or newer TIXNGO change. */
  async applyMobileUpdates(updates: readonly MobileUpdate[]): Promise<BulkUpdateResult> {
    const rows = newestPerTicket(updates);
    if (rows.length === 0) return { applied: 0, unchanged: 0 };
    const { rowCount } = await this.pool.query(
      `INSERT INTO tickets AS t (ticket_id, tax_number, mobile_status, status_changed_at, wallet_owner, holder,
                                 beacon_name, extra_info)
       SELECT u."ticketId", u."taxNumber", u."mobileStatus", u."statusChangedAt", u."walletOwner", u.holder,
              u."beaconName", u."extraInfo"
         FROM jsonb_to_recordset($1::jsonb) AS u("ticketId" text, "taxNumber" text, "mobileStatus" text,
              "statusChangedAt" timestamptz, "walletOwner" jsonb, holder jsonb, "beaconName" text, "extraInfo" jsonb)
       ON CONFLICT (ticket_id) DO UPDATE SET
              tax_number = COALESCE(EXCLUDED.tax_number, t.tax_number),
              mobile_status = EXCLUDED.mobile_status,
              status_changed_at = EXCLUDED.status_changed_at,
              wallet_owner = COALESCE(EXCLUDED.wallet_owner, t.wallet_owner),
              holder = COALESCE(EXCLUDED.holder, t.holder),
              beacon_name = COALESCE(EXCLUDED.beacon_name, t.beacon_name),
              extra_info = COALESCE(t.extra_info, '{}'::jsonb) || COALESCE(EXCLUDED.extra_info, '{}'::jsonb),
              updated_at = now()
        WHERE t.status_changed_at IS NULL OR t.status_changed_at < EXCLUDED.status_changed_at`,
      [JSON.stringify(rows)],
    );
    const applied = rowCount ?? 0;
    return { applied, unchanged: rows.length - applied };
  }

  async getTicket(ticketId: string): Promise<S360Ticket | undefined> {
    const { rows } = await this.pool.query<{
      ticket_id: string;
      mobile_status: LifecycleStatus | null;
      status_changed_at: Date | null;
    }>('SELECT ticket_id, mobile_status, status_changed_at FROM tickets WHERE ticket_id = $1', [ticketId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      ticketId: row.ticket_id,
      mobileStatus: row.mobile_status,
      statusChangedAt: row.status_changed_at ? row.status_changed_at.toISOString() : null,
    };
  }

  /** Drops this simulator's schema (tests clean up after themselves). */
  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
