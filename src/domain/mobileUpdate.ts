import type { DiffItem } from './diffItem';
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

/** When a ticket appears more than once in a page, the newest TIXNGO change wins (SPEC §10). */
export function newestPerTicket(updates: readonly MobileUpdate[]): MobileUpdate[] {
  const newest = new Map<string, MobileUpdate>();
  for (const update of updates) {
    const seen = newest.get(update.ticketId);
    if (!seen || Date.parse(update.statusChangedAt) >= Date.parse(seen.statusChangedAt)) {
      newest.set(update.ticketId, update);
    }
  }
  return [...newest.values()];
}
