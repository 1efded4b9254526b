import type { SpectatorDetails } from '../../domain/spectator';
import type { ChangeSource } from './changeSource';
import { fakePerson } from './people';
import { hash32, unitHash } from './random';

export interface GenerateOptions {
  /** Tickets in the population (each gets at least one change). */
  count: number;
  /** Share of tickets that go through a transfer, 0..1 (default 0.2). */
  transferShare?: number;
  /** Share of transfers accepted (TRANSFERRED); the rest fail (FAILURE_TRANSFER or FAILURE). Default 0.8. */
  acceptedShare?: number;
  /**
   * Changes, about, between a transferred ticket's delivery and its PENDING_TRANSFER (default 1 000:
   * a page of the default size earlier). The first transfers, with fewer changes before them, take
   * a ticket delivered just before.
   */
  pendingAfter?: number;
  /**
   * Changes, about, between a PENDING_TRANSFER and its outcome, the same at every count (default 500:
   * with pages of 1 000, about half the outcomes fall in a later page than their PENDING_TRANSFER).
   * The last transfers' outcomes close the volume.
   */
  outcomeAfter?: number;
  /** Same seed, same changes (default 1). */
  seed?: number;
  /** Time of the first change (default 2026-11-23T08:00:00Z). */
  startAt?: string;
  /** Milliseconds between two consecutive changes (default 10). */
  spacingMs?: number;
  /** Ticket id prefix (default `GEN<seed>-`); ticket i is `<prefix><i>`, zero-padded. */
  ticketPrefix?: string;
  eventId?: string;
}

export const MAX_GENERATED_TICKETS = 10_000_000;

/**
 * A deterministic volume of ticket changes, built on demand (no per-change memory), of the same
 * shape at every count (issue 17): ticket i's delivery status (INJECTED, DOWNLOADED or ASSIGNED) is
 * delivery number i; transfer r's PENDING_TRANSFER follows delivery ⌊r·count/transfers⌋, so transfer
 * steps are spread evenly over the volume; its outcome (TRANSFERRED, FAILURE_TRANSFER, FAILURE)
 * follows the PENDING_TRANSFER of transfer r + M, M transfers (≈ `outcomeAfter` changes) later, or
 * closes the volume for the last M. So as many transfers wait across pages, and as many are open at
 * once, at 10k as at 100k. Transfer r moves the ticket delivered g transfers (≈ `pendingAfter`
 * changes) before; with fewer than two tickets per transfer, or for the first g, the one just before.
 */
export function generateTickets(
  options: GenerateOptions,
): ChangeSource & { tickets: number; transfers: number } {
  const count = options.count;
  if (!Number.isInteger(count) || count < 0 || count > MAX_GENERATED_TICKETS) {
    throw new RangeError(`count must be an integer from 0 to ${MAX_GENERATED_TICKETS}, not ${count}`);
  }
  const seed = options.seed ?? 1;
  const share = clampShare(options.transferShare ?? 0.2, 'transferShare');
  const acceptedShare = clampShare(options.acceptedShare ?? 0.8, 'acceptedShare');
  const pendingAfter = changesOption(options.pendingAfter ?? 1_000, 'pendingAfter');
  const outcomeAfter = changesOption(options.outcomeAfter ?? 500, 'outcomeAfter');
  const startMs = Date.parse(options.startAt ?? '2026-11-23T08:00:00Z');
  if (Number.isNaN(startMs)) throw new RangeError(`startAt is not a date: ${options.startAt}`);
  const spacingMs = options.spacingMs ?? 10;
  const prefix = options.ticketPrefix ?? `GEN${seed}-`;
  const eventId = options.eventId ?? `EVT-${seed}`;
  const width = String(Math.max(0, count - 1)).length;
  const transfers = Math.round(count * share);
  const size = count + 2 * transfers;
  /** Transfers per change: turns the options' change counts into transfer counts. */
  const perChange = size > 0 ? transfers / size : 0;
  const lag = Math.min(transfers, Math.round(outcomeAfter * perChange));
  const gap = count >= 2 * transfers ? Math.min(transfers, Math.round(pendingAfter * perChange)) : 0;

  // The volume is `count` slots, slot k being delivery k (ticket k), then PENDING_TRANSFER r when
  // k = pendingSlot(r), then the outcome of r − lag when r ≥ lag; then the last `lag` outcomes.
  /** The slot whose delivery PENDING_TRANSFER r follows (strictly increasing: count ≥ transfers). */
  const pendingSlot = (rank: number): number => Math.floor((rank * count) / transfers);
  /** PENDING_TRANSFERs in the slots before slot k. */
  const pendingsBefore = (slot: number): number =>
    slot <= 0 || transfers === 0 ? 0 : Math.min(transfers, Math.ceil((slot * transfers) / count));
  /** Index of slot k's delivery: the changes of the slots before it. */
  const slotStart = (slot: number): number => {
    const pendings = pendingsBefore(slot);
    return slot + pendings + Math.max(0, pendings - lag);
  };
  const body = slotStart(count);
  const firstTailRank = transfers - lag;

  /** The ticket transfer r moves: delivered g transfers before, or in its own slot. */
  const transferredTicket = (rank: number): number =>
    rank < gap ? pendingSlot(rank) : pendingSlot(rank - gap) + (gap > 0 ? 1 : 0);
  /** The transfer rank of ticket i, or -1 when it is not transferred. */
  const rankOf = (ticket: number): number => {
    if (transfers === 0) return -1;
    const own = Math.ceil((ticket * transfers) / count);
    if (gap === 0) return own < transfers && pendingSlot(own) === ticket ? own : -1;
    if (own < gap && pendingSlot(own) === ticket) return own;
    // Else delivered in the slot after PENDING_TRANSFER r − g's (never a pending slot: count ≥ 2·transfers).
    const before = Math.ceil(((ticket - 1) * transfers) / count);
    return before < transfers - gap && pendingSlot(before) === ticket - 1 ? before + gap : -1;
  };
  const pendingIndex = (rank: number): number => slotStart(pendingSlot(rank)) + 1;
  const outcomeIndex = (rank: number): number =>
    rank < firstTailRank ? slotStart(pendingSlot(rank + lag)) + 2 : body + rank - firstTailRank;

  const ticketId = (ticket: number): string => `${prefix}${String(ticket).padStart(width, '0')}`;
  const time = (index: number): string => new Date(startMs + index * spacingMs).toISOString();
  const owner = (ticket: number): SpectatorDetails => fakePerson(seed, ticket * 3);
  const holderOf = (ticket: number): SpectatorDetails => fakePerson(seed, ticket * 3 + 1);
  const recipient = (ticket: number): SpectatorDetails => fakePerson(seed, ticket * 3 + 2);
  const taxBase = 10_000_000_000 * ((seed % 89) + 10);

  /** One change, built field by field (no spreads: this runs millions of times). */
  function change(
    ticket: number,
    index: number,
    status: string,
    spectatorDetails?: SpectatorDetails,
    holder?: SpectatorDetails,
    transfer?: ReturnType<typeof transferOf>,
  ): Record<string, unknown> {
    const item: Record<string, unknown> = {
      ticketId: ticketId(ticket),
      taxNumber: String(taxBase + ticket),
      eventId,
      status,
      statusChangedAt: time(index),
    };
    if (spectatorDetails) item.spectatorDetails = spectatorDetails;
    if (holder) item.holder = holder;
    if (transfer) item.transfer = transfer;
    return item;
  }

  function delivery(ticket: number, index: number): unknown {
    const roll = unitHash(seed, ticket, 1);
    if (roll < 0.2) return change(ticket, index, 'INJECTED');
    if (roll < 0.7) return change(ticket, index, 'DOWNLOADED', owner(ticket));
    return change(ticket, index, 'ASSIGNED', owner(ticket), holderOf(ticket));
  }

  function transferOf(ticket: number, sender: SpectatorDetails, rank: number) {
    return {
      id: `TR-${ticketId(ticket)}-1`,
      senderEmail: sender.email ?? '',
      recipientEmail: recipient(ticket).email ?? '',
      initiatedAt: time(pendingIndex(rank)),
    };
  }

  function pending(rank: number, index: number): unknown {
    const ticket = transferredTicket(rank);
    const sender = owner(ticket);
    return change(ticket, index, 'PENDING_TRANSFER', sender, undefined, transferOf(ticket, sender, rank));
  }

  function outcome(rank: number, index: number): unknown {
    const ticket = transferredTicket(rank);
    const sender = owner(ticket);
    const transfer = transferOf(ticket, sender, rank);
    if (unitHash(seed, ticket, 2) < acceptedShare) {
      return change(ticket, index, 'TRANSFERRED', recipient(ticket), undefined, transfer);
    }
    // Two thirds rejected or cancelled, one third timed out by the organizer.
    const failed = hash32(seed, ticket, 3) % 3 === 0 ? 'FAILURE' : 'FAILURE_TRANSFER';
    return change(ticket, index, failed, sender, undefined, transfer);
  }

  function at(index: number): unknown {
    if (!Number.isInteger(index) || index < 0 || index >= size) return undefined;
    if (index >= body) return outcome(firstTailRank + index - body, index);
    // The last slot starting at or before the index (slots hold 1 to 3 changes).
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (slotStart(middle) <= index) low = middle;
      else high = middle - 1;
    }
    const place = index - slotStart(low);
    if (place === 0) return delivery(low, index);
    const rank = pendingsBefore(low);
    return place === 1 ? pending(rank, index) : outcome(rank - lag, index);
  }

  function ticketOf(id: string): number | undefined {
    if (!id.startsWith(prefix)) return undefined;
    const digits = id.slice(prefix.length);
    if (digits.length !== width || !/^\d+$/.test(digits)) return undefined;
    const ticket = Number(digits);
    return ticket < count ? ticket : undefined;
  }

  function lastIndexOf(id: string): number | undefined {
    const ticket = ticketOf(id);
    if (ticket === undefined) return undefined;
    const rank = rankOf(ticket);
    return rank < 0 ? slotStart(ticket) : outcomeIndex(rank);
  }

  return {
    size,
    tickets: count,
    transfers,
    at,
    lastIndexOf,
    // Change times grow with the position, so the last change is the newest.
    newestIndexOf: lastIndexOf,
  };
}

function changesOption(value: number, name: string): number {
  if (!(Number.isInteger(value) && value >= 0 && value <= MAX_GENERATED_TICKETS * 3)) {
    throw new RangeError(`${name} must be an integer from 0 to ${MAX_GENERATED_TICKETS * 3}, not ${value}`);
  }
  return value;
}

function clampShare(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be from 0 to 1, not ${value}`);
  return value;
}
