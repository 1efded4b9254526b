import type { MobileUpdate } from '../domain/mobileUpdate';
import type { LifecycleStatus } from '../domain/lifecycleStatus';

export interface BulkUpdateResult {
  /** Tickets whose mobile data changed. */
  applied: number;
  /** Tickets S-360 already had at this TIXNGO change time or newer: nothing changed. */
  unchanged: number;
}

export interface S360Ticket {
  ticketId: string;
  mobileStatus: LifecycleStatus | null;
  statusChangedAt: string | null;
}

/** The port the activities use to reach S-360. */
export interface S360Gateway {
  applyMobileUpdates(updates: readonly MobileUpdate[]): Promise<BulkUpdateResult>;
  getTicket(ticketId: string): Promise<S360Ticket | undefined>;
}
