/**
 * A small, seeded stream of realistic ticket activity for the demo: tickets are injected, downloaded,
 * assigned, transferred (accepted or rejected), activated and controlled over time.
 */
import type { LifecycleStatus } from '../domain/lifecycleStatus';

interface DemoTicket {
  ticketId: string;
  taxNumber: string;
  status: LifecycleStatus;
  ownerEmail: string;
  ownerName: [string, string];
}

const FIRST = [
  'Ana',
  'Luca',
  'Mia',
  'Noah',
  'Emma',
  'Liam',
  'Sofia',
  'Jonas',
  'Lea',
  'Ivan',
  'Chloé',
  'Mateo',
];
const LAST = ['Rossi', 'Müller', 'Dubois', 'Silva', 'Novak', 'Jensen', 'Garcia', 'Keller', 'Martin', 'Costa'];

/** Mulberry32: a tiny deterministic RNG, so a demo run is reproducible. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class LiveActivity {
  private readonly tickets: DemoTicket[] = [];
  private readonly random: () => number;
  private people = 0;

  constructor(seed = 2026) {
    this.random = rng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private person(): { email: string; name: [string, string] } {
    this.people += 1;
    const first = this.pick(FIRST);
    const last = this.pick(LAST);
    const email = `${first}.${last}.${this.people}@example.org`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '');
    return { email, name: [first, last] };
  }

  private change(ticket: DemoTicket, at: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      ticketId: ticket.ticketId,
      taxNumber: ticket.taxNumber,
      eventId: 'DEMO-FINAL-2026',
      status: ticket.status,
      statusChangedAt: at.toISOString(),
      spectatorDetails: {
        firstName: ticket.ownerName[0],
        lastName: ticket.ownerName[1],
        email: ticket.ownerEmail,
      },
      ...extra,
    };
  }

  /** The next batch of changes: a few new tickets and a step forward for some existing ones. */
  tick(now: Date, newTickets = 5, moves = 8): Record<string, unknown>[] {
    const changes: Record<string, unknown>[] = [];
    for (let i = 0; i < newTickets; i += 1) {
      const n = this.tickets.length + 1;
      const owner = this.person();
      const ticket: DemoTicket = {
        ticketId: `DEMO-${String(n).padStart(6, '0')}`,
        taxNumber: String(880000000 + n),
        status: 'INJECTED',
        ownerEmail: owner.email,
        ownerName: owner.name,
      };
      this.tickets.push(ticket);
      changes.push(this.change(ticket, now));
    }
    for (let i = 0; i < moves && this.tickets.length > 0; i += 1) {
      const ticket = this.pick(this.tickets);
      const step = this.advance(ticket);
      if (step) changes.push(this.change(ticket, now, step));
    }
    return changes;
  }

  private advance(ticket: DemoTicket): Record<string, unknown> | undefined {
    const roll = this.random();
    switch (ticket.status) {
      case 'INJECTED':
        ticket.status = 'DOWNLOADED';
        return {};
      case 'DOWNLOADED':
        ticket.status = roll < 0.5 ? 'ASSIGNED' : 'PENDING_TRANSFER';
        if (ticket.status === 'ASSIGNED')
          return { holder: { firstName: ticket.ownerName[0], lastName: ticket.ownerName[1] } };
        return this.startTransfer(ticket);
      case 'ASSIGNED':
      case 'FAILURE_TRANSFER':
        if (roll < 0.4) {
          ticket.status = 'PENDING_TRANSFER';
          return this.startTransfer(ticket);
        }
        ticket.status = this.pick([
          'ONLINE_ACTIVATED',
          'BT_ACTIVATED',
          'OFFLINE_ACTIVATED',
          'MANUAL_ACTIVATED',
        ] as const);
        return {};
      case 'PENDING_TRANSFER':
        return roll < 0.7 ? this.acceptTransfer(ticket) : ((ticket.status = 'FAILURE_TRANSFER'), {});
      case 'TRANSFERRED':
        ticket.status = 'ONLINE_ACTIVATED';
        return {};
      case 'ONLINE_ACTIVATED':
      case 'BT_ACTIVATED':
      case 'OFFLINE_ACTIVATED':
      case 'MANUAL_ACTIVATED':
        ticket.status = 'CONTROLLED';
        return {};
      default:
        return undefined;
    }
  }

  private pendingRecipient = new Map<string, { email: string; name: [string, string] }>();

  private startTransfer(ticket: DemoTicket): Record<string, unknown> {
    const recipient = this.person();
    this.pendingRecipient.set(ticket.ticketId, recipient);
    return { transfer: { senderEmail: ticket.ownerEmail, recipientEmail: recipient.email } };
  }

  private acceptTransfer(ticket: DemoTicket): Record<string, unknown> {
    const recipient = this.pendingRecipient.get(ticket.ticketId) ?? this.person();
    const senderEmail = ticket.ownerEmail;
    ticket.status = 'TRANSFERRED';
    ticket.ownerEmail = recipient.email;
    ticket.ownerName = recipient.name;
    this.pendingRecipient.delete(ticket.ticketId);
    return { transfer: { senderEmail, recipientEmail: recipient.email } };
  }
}
