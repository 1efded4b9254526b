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
 * A deterministic volume of ticket changes, built on demand (no per-change memory): first every
 * ticket's delivery status (INJECTED, DOWNLOADED or ASSIGNED), then a share of them starts a
 * transfer (PENDING_TRANSFER), then those transfers settle (TRANSFERRED, FAILURE_TRANSFER, FAILURE).
 * Transferred tickets are spread over the population by a seeded permutation.
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
  const startMs = Date.parse(options.startAt ?? '2026-11-23T08:00:00Z');
  if (Number.isNaN(startMs)) throw new RangeError(`startAt is not a date: ${options.startAt}`);
  const spacingMs = options.spacingMs ?? 10;
  const prefix = options.ticketPrefix ?? `GEN${seed}-`;
  const eventId = options.eventId ?? `EVT-${seed}`;
  const width = String(Math.max(0, count - 1)).length;
  const transfers = Math.round(count * share);
  const { step, inverse, offset } = permutation(count, seed);

  /** The r-th transferred ticket. */
  const transferredTicket = (rank: number): number => (rank * step + offset) % count;
  /** The transfer rank of ticket i, or -1 when it is not transferred. */
  const rankOf = (ticket: number): number => {
    const rank = (((ticket - offset) % count) + count) % count;
    const r = Number((BigInt(rank) * inverse) % BigInt(count));
    return r < transfers ? r : -1;
  };

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

  function transferOf(ticket: number, sender: SpectatorDetails, startedIndex: number) {
    return {
      id: `TR-${ticketId(ticket)}-1`,
      senderEmail: sender.email ?? '',
      recipientEmail: recipient(ticket).email ?? '',
      initiatedAt: time(startedIndex),
    };
  }

  function at(index: number): unknown {
    if (!Number.isInteger(index) || index < 0 || index >= count + 2 * transfers) return undefined;
    if (index < count) return delivery(index, index);
    const rank = (index - count) % transfers;
    const ticket = transferredTicket(rank);
    const sender = owner(ticket);
    const transfer = transferOf(ticket, sender, count + rank);
    if (index < count + transfers)
      return change(ticket, index, 'PENDING_TRANSFER', sender, undefined, transfer);
    if (unitHash(seed, ticket, 2) < acceptedShare) {
      return change(ticket, index, 'TRANSFERRED', recipient(ticket), undefined, transfer);
    }
    // Two thirds rejected or cancelled, one third timed out by the organizer.
    const failed = hash32(seed, ticket, 3) % 3 === 0 ? 'FAILURE' : 'FAILURE_TRANSFER';
    return change(ticket, index, failed, sender, undefined, transfer);
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
    const rank = transfers > 0 ? rankOf(ticket) : -1;
    return rank < 0 ? ticket : count + transfers + rank;
  }

  return {
    size: count + 2 * transfers,
    tickets: count,
    transfers,
    at,
    lastIndexOf,
    // Change times grow with the position, so the last change is the newest.
    newestIndexOf: lastIndexOf,
  };
}

function clampShare(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be from 0 to 1, not ${value}`);
  return value;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: number, m: number): bigint {
  if (m === 1) return 0n;
  let [oldR, r] = [BigInt(a), BigInt(m)];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % BigInt(m)) + BigInt(m)) % BigInt(m);
}

/** A seeded bijection of 0..count-1: i → (i·step + offset) mod count, step coprime with count. */
function permutation(count: number, seed: number): { step: number; inverse: bigint; offset: number } {
  if (count <= 1) return { step: 1, inverse: 0n, offset: 0 };
  let step = Math.max(1, Math.floor(count * (0.5 + 0.3 * unitHash(seed, 7))));
  while (gcd(step, count) !== 1) step += 1;
  step %= count;
  if (step === 0) step = 1;
  return { step, inverse: modInverse(step, count), offset: hash32(seed, 8) % count };
}
