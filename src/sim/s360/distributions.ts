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

/** Adds a line to the ticket's distribution history; both contacts must exist. */
export async function addDistributionLine(
  tx: Queryable,
  ticketId: string,
  line: NewDistributionLine,
): Promise<DistributionLine> {
  await requireTicketRow(tx, ticketId);
  const contactIds = [line.newContactId, ...(line.oldContactId === null ? [] : [line.oldContactId])];
  const missing = await contactsExist(tx, contactIds);
  if (missing.length > 0) {
    throw unprocessable(`contact ${missing.join(', ')} does not exist`, 'UNKNOWN_CONTACT');
  }
  const status = line.status ?? 'PENDING';
  const { rows } = await tx.query<LineRow>(
    `INSERT INTO distribution_lines (ticket_id, action, old_contact_id, new_contact_id, status, occurred_at,
                                     author, transfer_id, settled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $5 = 'PENDING' THEN NULL ELSE $6::timestamptz END)
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
  return toLine(rows[0] as LineRow);
}

/** PENDING → CONFIRMED or CANCELLED, once (one transaction); never back, never across. */
export async function settleDistributionLine(
  tx: Queryable,
  ticketId: string,
  lineId: number,
  status: FinalDistributionStatus,
  settledAt: string | undefined,
): Promise<SettleResult> {
  const { rows } = await tx.query<LineRow>(
    'SELECT * FROM distribution_lines WHERE line_id = $1 AND ticket_id = $2 FOR UPDATE',
    [lineId, ticketId],
  );
  const row = rows[0];
  if (!row) throw notFound(`distribution line ${lineId} of ticket "${ticketId}" not found`);
  const decision = settleDecision(row.status, status);
  if (decision === 'conflict') {
    throw conflict(
      `distribution line ${lineId} of ticket "${ticketId}" is already ${row.status}: it cannot become ${status} (a settled line never changes)`,
      'LINE_ALREADY_SETTLED',
      { line: toLine(row) },
    );
  }
  if (decision === 'unchanged') return { outcome: 'unchanged', line: toLine(row) };
  const { rows: updated } = await tx.query<LineRow>(
    `UPDATE distribution_lines SET status = $2, settled_at = COALESCE($3::timestamptz, now())
      WHERE line_id = $1 RETURNING *`,
    [lineId, status, settledAt ?? null],
  );
  return { outcome: 'settled', line: toLine(updated[0] as LineRow) };
}

/** The ticket's distribution history, oldest first. */
export async function listDistributionLines(db: Queryable, ticketId: string): Promise<DistributionLine[]> {
  await requireTicketRow(db, ticketId);
  const { rows } = await db.query<LineRow>(
    'SELECT * FROM distribution_lines WHERE ticket_id = $1 ORDER BY occurred_at, line_id',
    [ticketId],
  );
  return rows.map(toLine);
}
