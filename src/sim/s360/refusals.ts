import { SimulatorRequestError, type SimulatorStatus } from './errors';

/** The writes of a ticket the simulator can refuse. */
export type RefusableWrite = 'mobile-data' | 'distribution-lines';

/** How the simulator refuses the writes of a ticket (a test's stand-in for a reason S-360 may have). */
export interface TicketRefusal {
  /** Which writes: its mobile data (bulk and single), or new lines of its distribution history. */
  writes: readonly RefusableWrite[];
  /** 4xx: S-360 judged the ticket; 5xx: S-360 failed on it (as a bug of S-360 would). */
  status: SimulatorStatus;
  message: string;
}

export const DEFAULT_REFUSAL: TicketRefusal = {
  writes: ['mobile-data'],
  status: 422,
  message: 'S-360 refuses this ticket (simulator control)',
};

/**
 * Simulator control (tests, fault suite): tickets whose writes S-360 refuses. A bulk
 * write that holds one of them is refused as a whole, as a real API refuses a request with one bad
 * element; the other tickets of that request are not written.
 */
export class TicketRefusals {
  private readonly byTicket = new Map<string, TicketRefusal>();
  /** Requests refused so far (tests wait on it). */
  served = 0;

  refuse(ticketIds: readonly string[], refusal: Partial<TicketRefusal> = {}): void {
    for (const ticketId of ticketIds) this.byTicket.set(ticketId, { ...DEFAULT_REFUSAL, ...refusal });
  }

  clear(): void {
    this.byTicket.clear();
  }

  /** Throws the refusal of the first refused ticket among these (by position in the request). */
  check(write: RefusableWrite, ticketIds: Iterable<string>): void {
    if (this.byTicket.size === 0) return;
    let index = 0;
    for (const ticketId of ticketIds) {
      const refusal = this.byTicket.get(ticketId);
      if (refusal?.writes.includes(write)) {
        this.served += 1;
        throw new SimulatorRequestError(
          refusal.status,
          write === 'mobile-data' ? `updates.${index}: ${refusal.message}` : refusal.message,
          refusal.status >= 500 ? 'INTERNAL' : 'TICKET_REFUSED',
        );
      }
      index += 1;
    }
  }
}
