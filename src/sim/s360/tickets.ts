import { lifecycleStageSql } from '../../domain/changeOrder';
import { newestPerTicket, type MobileUpdate } from '../../domain/mobileUpdate';
import type { LifecycleStatus } from '../../domain/lifecycleStatus';
import type { SpectatorDetails } from '../../domain/spectator';
import type { BulkUpdateResult, CulturalContactResult, S360Ticket } from '../../s360/api';
import type { Queryable } from './db';
import { notFound, unprocessable } from './errors';
import { iso, isoOrNull } from './time';

interface TicketRow {
  ticket_id: string;
  tax_number: string | null;
  mobile_status: LifecycleStatus | null;
  status_changed_at: Date | null;
  wallet_owner: SpectatorDetails | null;
  holder: SpectatorDetails | null;
  beacon_name: string | null;
  extra_info: Record<string, string> | null;
  status_history: { status: LifecycleStatus; at: string }[];
  cultural_contact_id: number | null;
  cultural_contact_changed_at: Date | null;
}

const TICKET_COLUMNS = `ticket_id, tax_number, mobile_status, status_changed_at, wallet_owner, holder, beacon_name,
  extra_info, status_history, cultural_contact_id, cultural_contact_changed_at`;

function toTicket(row: TicketRow): S360Ticket {
  return {
    ticketId: row.ticket_id,
    taxNumber: row.tax_number,
    mobileStatus: row.mobile_status,
    statusChangedAt: isoOrNull(row.status_changed_at),
    walletOwner: row.wallet_owner,
    holder: row.holder,
    beaconName: row.beacon_name,
    extraInfo: row.extra_info ?? {},
    statusHistory: row.status_history.map((change) => ({ status: change.status, at: iso(change.at) })),
    culturalContactId: row.cultural_contact_id,
    culturalContactChangedAt: isoOrNull(row.cultural_contact_changed_at),
  };
}

/**
 * Upserts each ticket's mobile data in one statement, unless S-360 already holds an equal or newer
 * TIXNGO change (newer: a later statusChangedAt, or at the same time a later lifecycle stage:
 * isNewerChange, src/domain/changeOrder.ts); an applied change is appended to the ticket's status
 * history. Only what TIXNGO sent is overwritten.
 */
/** The lifecycle stages of the change sent and of the change held, as SQL (built once). */
const NEW_STAGE = lifecycleStageSql('EXCLUDED.mobile_status');
const HELD_STAGE = lifecycleStageSql('t.mobile_status');

export async function applyMobileUpdates(
  db: Queryable,
  updates: readonly MobileUpdate[],
): Promise<BulkUpdateResult> {
  const rows = newestPerTicket(updates);
  if (rows.length === 0) return { applied: 0, unchanged: 0 };
  const { rowCount } = await db.query(
    `INSERT INTO tickets AS t (ticket_id, tax_number, mobile_status, status_changed_at, wallet_owner, holder,
                               beacon_name, extra_info, status_history)
     SELECT u."ticketId", u."taxNumber", u."mobileStatus", u."statusChangedAt", u."walletOwner", u.holder,
            u."beaconName", u."extraInfo",
            jsonb_build_array(jsonb_build_object('status', u."mobileStatus", 'at', u."statusChangedAt"))
       FROM jsonb_to_recordset($1::text::jsonb) AS u("ticketId" text, "taxNumber" text, "mobileStatus" text,
            "statusChangedAt" timestamptz, "walletOwner" jsonb, holder jsonb, "beaconName" text, "extraInfo" jsonb)
     ON CONFLICT (ticket_id) DO UPDATE SET
            tax_number = COALESCE(EXCLUDED.tax_number, t.tax_number),
            mobile_status = EXCLUDED.mobile_status,
            status_changed_at = EXCLUDED.status_changed_at,
            wallet_owner = COALESCE(EXCLUDED.wallet_owner, t.wallet_owner),
            holder = COALESCE(EXCLUDED.holder, t.holder),
            beacon_name = COALESCE(EXCLUDED.beacon_name, t.beacon_name),
            extra_info = COALESCE(t.extra_info, '{}'::jsonb) || COALESCE(EXCLUDED.extra_info, '{}'::jsonb),
            status_history = t.status_history || EXCLUDED.status_history,
            updated_at = now()
      WHERE t.status_changed_at IS NULL OR t.status_changed_at < EXCLUDED.status_changed_at
         OR (t.status_changed_at = EXCLUDED.status_changed_at
             AND ${NEW_STAGE} > ${HELD_STAGE})`,
    [JSON.stringify(rows)],
  );
  return { applied: rowCount, unchanged: rows.length - rowCount };
}

export async function getTicket(db: Queryable, ticketId: string): Promise<S360Ticket | undefined> {
  const { rows } = await db.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE ticket_id = $1`, [
    ticketId,
  ]);
  return rows[0] && toTicket(rows[0]);
}

export async function requireTicket(db: Queryable, ticketId: string): Promise<S360Ticket> {
  const ticket = await getTicket(db, ticketId);
  if (!ticket) throw notFound(`ticket "${ticketId}" not found`);
  return ticket;
}

/** The ticket with this id, or else with this tax number (the back office's search). */
export async function findTicketId(db: Queryable, wanted: string): Promise<string | undefined> {
  const { rows } = await db.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM tickets WHERE ticket_id = $1
     UNION ALL (SELECT ticket_id FROM tickets WHERE tax_number = $1 ORDER BY ticket_id LIMIT 1)
     LIMIT 1`,
    [wanted],
  );
  return rows[0]?.ticket_id;
}

export interface TicketSeed {
  ticketId: string;
  taxNumber?: string;
  culturalContactId?: number;
}

/** Simulator only: a ticket as S-360 holds it before TIXNGO reports anything (sold, printed). */
export async function seedTicket(db: Queryable, seed: TicketSeed): Promise<S360Ticket> {
  const { rows } = await db.query<TicketRow>(
    `INSERT INTO tickets (ticket_id, tax_number, cultural_contact_id, cultural_contact_history)
     VALUES ($1, $2, $3, CASE WHEN $3::int IS NULL THEN '[]'::jsonb
                              ELSE jsonb_build_array(jsonb_build_object('contactId', $3::int, 'changedAt', NULL)) END)
     ON CONFLICT (ticket_id) DO UPDATE SET tax_number = COALESCE(EXCLUDED.tax_number, tickets.tax_number),
            cultural_contact_id = COALESCE(EXCLUDED.cultural_contact_id, tickets.cultural_contact_id),
            cultural_contact_history = tickets.cultural_contact_history || EXCLUDED.cultural_contact_history
     RETURNING ${TICKET_COLUMNS}`,
    [seed.ticketId, seed.taxNumber ?? null, seed.culturalContactId ?? null],
  );
  return toTicket(rows[0] as TicketRow);
}

/**
 * Sets the cultural contact unless a newer ownership change already did (one transaction: the ticket
 * locked and read with whether the contact exists, then written only when it changes).
 */
export async function setCulturalContact(
  tx: Queryable,
  ticketId: string,
  contactId: number,
  changedAt: string,
): Promise<CulturalContactResult> {
  const { rows } = await tx.query<TicketRow & { contact_exists: boolean }>(
    `SELECT ${TICKET_COLUMNS}, EXISTS (SELECT 1 FROM contacts WHERE contact_id = $2) AS contact_exists
       FROM tickets WHERE ticket_id = $1 FOR UPDATE`,
    [ticketId, contactId],
  );
  const current = rows[0];
  if (!current) throw notFound(`ticket "${ticketId}" not found`);
  if (!current.contact_exists) throw unprocessable(`contact ${contactId} does not exist`, 'UNKNOWN_CONTACT');

  const heldSince = current.cultural_contact_changed_at;
  let outcome: CulturalContactResult['outcome'];
  if (heldSince !== null && new Date(heldSince).getTime() > Date.parse(changedAt)) outcome = 'stale';
  else if (current.cultural_contact_id === contactId) outcome = 'unchanged';
  else outcome = 'changed';

  if (outcome === 'changed' || (outcome === 'unchanged' && heldSince === null)) {
    const { rows: updated } = await tx.query<TicketRow>(
      `UPDATE tickets SET cultural_contact_id = $2, cultural_contact_changed_at = $3, updated_at = now(),
              cultural_contact_history = cultural_contact_history
                || jsonb_build_array(jsonb_build_object('contactId', $2::int, 'changedAt', $3::timestamptz))
        WHERE ticket_id = $1 RETURNING ${TICKET_COLUMNS}`,
      [ticketId, contactId, changedAt],
    );
    return { outcome, ticket: toTicket(updated[0] as TicketRow) };
  }
  return { outcome, ticket: toTicket(current) };
}

export interface TicketOverview {
  ticketId: string;
  taxNumber: string | null;
  mobileStatus: LifecycleStatus | null;
  statusChangedAt: string | null;
  walletOwner: SpectatorDetails | null;
  holder: SpectatorDetails | null;
  culturalContactId: number | null;
  lines: number;
}

/** The back-office list: most recently changed first. */
export async function listTickets(
  db: Queryable,
  limit: number,
): Promise<{ total: number; tickets: TicketOverview[] }> {
  const [{ rows: count }, { rows }] = await Promise.all([
    db.query<{ total: number }>('SELECT count(*)::int AS total FROM tickets'),
    db.query<TicketRow & { lines: number }>(
      `SELECT ${TICKET_COLUMNS},
              (SELECT count(*)::int FROM distribution_lines d WHERE d.ticket_id = t.ticket_id) AS lines
         FROM tickets t ORDER BY t.updated_at DESC, t.ticket_id LIMIT $1`,
      [limit],
    ),
  ]);
  return {
    total: count[0]?.total ?? 0,
    tickets: rows.map((row) => {
      const ticket = toTicket(row);
      return {
        ticketId: ticket.ticketId,
        taxNumber: ticket.taxNumber,
        mobileStatus: ticket.mobileStatus,
        statusChangedAt: ticket.statusChangedAt,
        walletOwner: ticket.walletOwner,
        holder: ticket.holder,
        culturalContactId: ticket.culturalContactId,
        lines: row.lines,
      };
    }),
  };
}
