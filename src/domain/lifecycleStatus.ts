import { z } from 'zod';

/** The 19 TIXNGO lifecycle statuses (SPEC §3; the source says "18" but lists 19). */
export const LIFECYCLE_STATUSES = [
  'INJECTED',
  'DOWNLOADED',
  'ASSIGNED',
  'CONTROLLED',
  'PENDING_TRANSFER',
  'FAILURE_TRANSFER',
  'TRANSFERRED',
  'BT_ACTIVATED',
  'MANUAL_ACTIVATED',
  'OFFLINE_ACTIVATED',
  'ONLINE_ACTIVATED',
  'DELETION_PENDING',
  'DELETED',
  'ACTIVATED',
  'DEACTIVATED',
  'DEFAULT',
  'INVALID',
  'PENDING',
  'FAILURE',
] as const;

export const LifecycleStatus = z.enum(LIFECYCLE_STATUSES);
export type LifecycleStatus = z.infer<typeof LifecycleStatus>;

/** PENDING is the legacy name of PENDING_TRANSFER (SPEC §11). */
export function normalizeStatus(status: LifecycleStatus): LifecycleStatus {
  return status === 'PENDING' ? 'PENDING_TRANSFER' : status;
}
