import {
  settleDecision,
  type DistributionAction,
  type DistributionStatus,
  type FinalDistributionStatus,
} from '../../domain/distribution';
import type { DistributionLine, NewDistributionLine, SettleResult } from '../../s360/api';
import { contactsExist } from './contacts';
import type { Queryable } from './db';
import { conflict, notFound, unprocessable } from './errors';
import { iso, isoOrNull } from './time';

interface LineRow {
  line_id: number;
  ticket_id: string;
  action: DistributionAction;
  old_contact_id: number | null;
  new_contact_id: number;
  status: DistributionStatus;
  occurred_at: Date;
  author: string;
  transfer_id: string | null;
  settled_at: Date | null;
  created_at: Date;
}

function toLine(row: LineRow): DistributionLine {
  return {
    lineId: row.line_id,
    ticketId: row.ticket_id,
    action: row.action,
    oldContactId: row.old_contact_id,
    newContactId: row.new_contact_id,
    status: row.status,
    occurredAt: iso(row.occurred_at),
    by: row.author,
    transferId: row.transfer_id,
    settledAt: isoOrNull(row.settled_at),
    createdAt: iso(row.created_at),
  };
}

async function requireTicketRow(db: Queryable, ticketId: string): Promise<void> {
  const { rows } = await db.query('SELECT 1 FROM tickets WHERE ticket_id = $1', [ticketId]);
  if (rows.length === 0) throw notFound(`ticket "${ticketId}" not found`);
}

/**
 * Adds a line to the ticket's distribution history; both contacts must exist. One statement writes
 * it when the ticket and the contacts exist; only a refusal reads again to say which is missing.
 */
export async function addDistributionLine(
  tx: Queryable,
  ticketId: string,
  line: NewDistributionLine,
): Promise<DistributionLine> {
  const status = line.status ?? 'PENDING';
  const { rows } = await tx.query<LineRow>(
    `INSERT INTO distribution_lines (ticket_id, action, old_contact_id, new_contact_id, status, occurred_at,
                                     author, transfer_id, settled_at)
     SELECT $1::text, $2::text, $3::int, $4::int, $5::text, $6::timestamptz, $7::text, $8::text,
            CASE WHEN $5::text = 'PENDING' THEN NULL ELSE $6::timestamptz END
      WHERE EXISTS (SELECT 1 FROM tickets WHERE ticket_id = $1::text)
        AND EXISTS (SELECT 1 FROM contacts WHERE contact_id = $4::int)
        AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM contacts WHERE contact_id = $3::int))
     RETURNING *`,
    [
      ticketId,
      line.action ?? 'Distribute',
      line.oldContactId,
      line.newContactId,
      status,
      line.occurredAt,
      line.by,
      line.transferId ?? null,
    ],
  );
  if (rows[0]) return toLine(rows[0]);
  await requireTicketRow(tx, ticketId);
  const contactIds = [line.newContactId, ...(line.oldContactId === null ? [] : [line.oldContactId])];
  const missing = await contactsExist(tx, contactIds);
  throw unprocessable(`contact ${missing.join(', ')} does not exist`, 'UNKNOWN_CONTACT');
}

/**
 * PENDING → CONFIRMED or CANCELLED, once; never back, never across. A PENDING line moves in one
 * statement (of two settles at once, the second finds it settled); a line found settled is answered
 * as the rules say (a settled line never changes, so reading it needs no lock).
 */
export async function settleDistributionLine(
  db: Queryable,
  ticketId: string,
  lineId: number,
  status: FinalDistributionStatus,
  settledAt: string | undefined,
): Promise<SettleResult> {
  const { rows: moved } = await db.query<LineRow>(
    `UPDATE distribution_lines SET status = $3, settled_at = COALESCE($4::timestamptz, now())
      WHERE line_id = $1 AND ticket_id = $2 AND status = 'PENDING' RETURNING *`,
    [lineId, ticketId, status, settledAt ?? null],
  );
  if (moved[0]) return { outcome: 'settled', line: toLine(moved[0]) };
  const { rows } = await db.query<LineRow>(
    'SELECT * FROM distribution_lines WHERE line_id = $1 AND ticket_id = $2',
    [lineId, ticketId],
  );
  const row = rows[0];
  if (!row) throw notFound(`distribution line ${lineId} of ticket "${ticketId}" not found`);
  const decision = settleDecision(row.status, status);
  if (decision === 'unchanged') return { outcome: 'unchanged', line: toLine(row) };
  // A line never goes back to PENDING, so the update above can only have missed a settled one.
  if (decision === 'settle') throw new Error(`distribution line ${lineId} is PENDING after its settle`);
  throw conflict(
    `distribution line ${lineId} of ticket "${ticketId}" is already ${row.status}: it cannot become ${status} (a settled line never changes)`,
    'LINE_ALREADY_SETTLED',
    { line: toLine(row) },
  );
}

/** The ticket's distribution history, oldest first (one statement: the ticket, and its lines if any). */
export async function listDistributionLines(db: Queryable, ticketId: string): Promise<DistributionLine[]> {
  const { rows } = await db.query<LineRow | { line_id: null }>(
    `SELECT d.* FROM tickets t LEFT JOIN distribution_lines d ON d.ticket_id = t.ticket_id
      WHERE t.ticket_id = $1 ORDER BY d.occurred_at, d.line_id`,
    [ticketId],
  );
  if (rows.length === 0) throw notFound(`ticket "${ticketId}" not found`);
  return rows.filter((row): row is LineRow => row.line_id !== null).map(toLine);
}
