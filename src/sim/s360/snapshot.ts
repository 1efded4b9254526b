import type { S360State } from './invariants';
import type { Queryable } from './db';
import { iso, isoOrNull } from './time';

/**
 * Simulator only (`GET /__sim/state`): every ticket with a distribution line or a cultural contact,
 * with its lines (oldest first) and cultural-contact history, and every contact — the plain state the
 * invariants checker (invariants.ts) judges. Contacts carry their id, e-mail and temporary flag only.
 * Call it in a transaction: one REPEATABLE READ snapshot, so lines and contacts agree while a run writes.
 */
export async function snapshot(tx: Queryable): Promise<S360State> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  const { rows: tickets } = await tx.query<{
    ticket_id: string;
    cultural_contact_id: number | null;
    cultural_contact_history: { contactId: number; changedAt: string | null }[];
  }>(
    `SELECT ticket_id, cultural_contact_id, cultural_contact_history FROM tickets t
        WHERE cultural_contact_id IS NOT NULL
           OR EXISTS (SELECT 1 FROM distribution_lines d WHERE d.ticket_id = t.ticket_id)
        ORDER BY ticket_id`,
  );
  const { rows: lines } = await tx.query<{
    line_id: number;
    ticket_id: string;
    old_contact_id: number | null;
    new_contact_id: number;
    status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
    occurred_at: Date;
  }>(
    `SELECT line_id, ticket_id, old_contact_id, new_contact_id, status, occurred_at
         FROM distribution_lines ORDER BY ticket_id, occurred_at, line_id`,
  );
  const { rows: contacts } = await tx.query<{ contact_id: number; email: string; temporary: boolean }>(
    'SELECT contact_id, email, temporary FROM contacts ORDER BY contact_id',
  );
  const linesOf = new Map<string, S360State['tickets'][number]['lines']>();
  for (const line of lines) {
    const list = linesOf.get(line.ticket_id) ?? [];
    list.push({
      lineId: line.line_id,
      oldContactId: line.old_contact_id,
      newContactId: line.new_contact_id,
      status: line.status,
      occurredAt: iso(line.occurred_at),
    });
    linesOf.set(line.ticket_id, list);
  }
  return {
    tickets: tickets.map((ticket) => ({
      ticketId: ticket.ticket_id,
      culturalContactId: ticket.cultural_contact_id,
      culturalContactHistory: ticket.cultural_contact_history.map((change) => ({
        contactId: change.contactId,
        changedAt: isoOrNull(change.changedAt),
      })),
      lines: linesOf.get(ticket.ticket_id) ?? [],
    })),
    contacts: contacts.map((contact) => ({
      contactId: contact.contact_id,
      email: contact.email,
      temporary: contact.temporary,
    })),
  };
}
