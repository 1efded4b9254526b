import type { DiffItem } from './diffItem';
import { isNewerChange } from './changeOrder';
import { normalizeStatus, type LifecycleStatus } from './lifecycleStatus';
import type { SpectatorDetails } from './spectator';

/** What S-360 receives for one ticket: only what TIXNGO sent, stamped with TIXNGO's change time. */
export interface MobileUpdate {
  ticketId: string;
  taxNumber?: string;
  mobileStatus: LifecycleStatus;
  statusChangedAt: string;
  walletOwner?: SpectatorDetails;
  holder?: SpectatorDetails;
  beaconName?: string;
  extraInfo?: Record<string, string>;
}

export function toMobileUpdate(item: DiffItem): MobileUpdate {
  return {
    ticketId: item.ticketId,
    taxNumber: item.taxNumber,
    mobileStatus: normalizeStatus(item.status),
    statusChangedAt: item.statusChangedAt,
    walletOwner: item.spectatorDetails,
    holder: item.holder,
    beaconName: item.beaconName,
    extraInfo: item.extraInfo,
  };
}

/** The newest change of each ticket, and how many changes of the page a newer one replaced. */
export interface NewestChanges {
  newest: MobileUpdate[];
  /**
   * Changes not written because a newer change of the same ticket in the same items replaced them
   * (one per change dropped: a ticket sent 3 times counts 2).
   */
  superseded: number;
}

/**
 * When a ticket appears more than once in a page, the newest TIXNGO change wins (SPEC §10; at the
 * same time, the one further along the lifecycle, else the first: isNewerChange, changeOrder.ts).
 */
export function newestChangePerTicket(updates: readonly MobileUpdate[]): NewestChanges {
  const newest = new Map<string, MobileUpdate>();
  let superseded = 0;
  const change = (update: MobileUpdate) => ({
    status: update.mobileStatus,
    statusChangedAt: update.statusChangedAt,
  });
  for (const update of updates) {
    const seen = newest.get(update.ticketId);
    if (seen) superseded += 1; // the one it keeps replaces the other, either way
    if (!seen || isNewerChange(change(update), change(seen))) newest.set(update.ticketId, update);
  }
  return { newest: [...newest.values()], superseded };
}

/** The newest change of each ticket (newestChangePerTicket without the count). */
export function newestPerTicket(updates: readonly MobileUpdate[]): MobileUpdate[] {
  return newestChangePerTicket(updates).newest;
}
