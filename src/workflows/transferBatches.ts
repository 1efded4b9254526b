/**
 * How transfer steps are cut up for the hand-off (src/workflows/startTransfers.ts and the
 * handOffTransferSteps activity, src/activities/handOffTransferSteps.ts): by ticket, in batches,
 * a few at once. Pure and deterministic (promises only): shared by the workflows and the worker.
 */
import type { TransferEvent } from '../domain/transferEvent';

/** Transfers one hand-off batch holds (a startTransfersWorkflow child, or a handOffTransferSteps call). */
export const TRANSFERS_PER_CHILD = 100;
/** Hand-off batches one caller runs at once. */
export const CHILDREN_AT_ONCE = 10;
/**
 * Tickets one hand-off batch works on at once. A parent keeps each child it started and that
 * has not closed in its state, which the server rewrites at each of its events: a few starts in
 * flight at a time keep each start cheap (BENCHMARKS.md, "Small waves and hand-off workflows").
 */
export const TICKETS_AT_ONCE = 20;

const changedAt = (event: TransferEvent): number => Date.parse(event.statusChangedAt);
const byChangedAt = (a: TransferEvent, b: TransferEvent): number => changedAt(a) - changedAt(b);

/**
 * The steps by ticket (tickets in the order first seen), each ticket's transfers oldest first (by
 * their earliest step), each transfer's steps in TIXNGO's order (statusChangedAt; equal times keep
 * the order read). Pure.
 */
export function transfersByTicket(events: readonly TransferEvent[]): TransferEvent[][][] {
  const tickets = new Map<string, Map<string, TransferEvent[]>>();
  for (const event of events) {
    const ticket = `${event.organizerId}\u0000${event.ticketId}`;
    const transfers = tickets.get(ticket) ?? new Map<string, TransferEvent[]>();
    tickets.set(ticket, transfers);
    const steps = transfers.get(event.transferKey);
    if (steps) steps.push(event);
    else transfers.set(event.transferKey, [event]);
  }
  return [...tickets.values()].map((transfers) =>
    [...transfers.values()]
      .map((steps) => [...steps].sort(byChangedAt))
      .sort((a, b) => byChangedAt(a[0] as TransferEvent, b[0] as TransferEvent)),
  );
}

/**
 * Tickets (in order) in batches of at most `maxTransfers` transfers, never splitting a ticket (one
 * with more goes alone). Pure.
 */
export function childBatches<T>(tickets: readonly T[][], maxTransfers: number): T[][][] {
  const batches: T[][][] = [];
  let current: T[][] = [];
  let transfers = 0;
  for (const ticket of tickets) {
    if (current.length > 0 && transfers + ticket.length > maxTransfers) {
      batches.push(current);
      current = [];
      transfers = 0;
    }
    current.push(ticket);
    transfers += ticket.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Runs `work` on each item, at most `limit` at once, taken in order. Deterministic: promises only. */
export async function atMostAtOnce<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
