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

/** A status as TIXNGO sends it; anything else is bad input (SPEC §9) and names what was sent. */
export const LifecycleStatus = z.enum(LIFECYCLE_STATUSES, {
  error: (issue) =>
    issue.input === undefined
      ? 'status is required'
      : `unknown status ${JSON.stringify(issue.input)?.slice(0, 80) ?? String(issue.input)}`,
});
export type LifecycleStatus = z.infer<typeof LifecycleStatus>;

/** PENDING is the legacy name of PENDING_TRANSFER (SPEC §11). */
export function normalizeStatus(status: LifecycleStatus): LifecycleStatus {
  return status === 'PENDING' ? 'PENDING_TRANSFER' : status;
}

export function isLifecycleStatus(value: unknown): value is LifecycleStatus {
  return typeof value === 'string' && (LIFECYCLE_STATUSES as readonly string[]).includes(value);
}

export const STATUS_FAMILIES = [
  'initial-delivery',
  'transfer',
  'activation',
  'control',
  'deletion',
  'technical',
] as const;
export type StatusFamily = (typeof STATUS_FAMILIES)[number];

/**
 * The family of every status (SPEC §3). Two readings of ours, both from SPEC §11:
 * PENDING is the legacy PENDING_TRANSFER, and FAILURE is a transfer cancelled by the organizer's
 * time-out — so both belong to the transfer family. DEFAULT and INVALID have no family in the
 * sources: they are technical.
 */
export const STATUS_FAMILY = {
  INJECTED: 'initial-delivery',
  DOWNLOADED: 'initial-delivery',
  ASSIGNED: 'initial-delivery',
  PENDING_TRANSFER: 'transfer',
  TRANSFERRED: 'transfer',
  FAILURE_TRANSFER: 'transfer',
  PENDING: 'transfer',
  FAILURE: 'transfer',
  BT_ACTIVATED: 'activation',
  MANUAL_ACTIVATED: 'activation',
  OFFLINE_ACTIVATED: 'activation',
  ONLINE_ACTIVATED: 'activation',
  ACTIVATED: 'activation',
  DEACTIVATED: 'activation',
  CONTROLLED: 'control',
  DELETION_PENDING: 'deletion',
  DELETED: 'deletion',
  DEFAULT: 'technical',
  INVALID: 'technical',
} as const satisfies Record<LifecycleStatus, StatusFamily>;

export function familyOf(status: LifecycleStatus): StatusFamily {
  return STATUS_FAMILY[status];
}

export function statusesOf(family: StatusFamily): LifecycleStatus[] {
  return LIFECYCLE_STATUSES.filter((status) => STATUS_FAMILY[status] === family);
}

/** Where a transfer stands after a status; the distribution rules (SPEC §8) hang off this. */
export type TransferStep = 'started' | 'accepted' | 'cancelled';

/**
 * The transfer statuses and the step each one means. FAILURE (the organizer's time-out) is read
 * like FAILURE_TRANSFER (rejected by the recipient or cancelled by the sender); PENDING like
 * PENDING_TRANSFER.
 */
export const TRANSFER_STEP = {
  PENDING_TRANSFER: 'started',
  PENDING: 'started',
  TRANSFERRED: 'accepted',
  FAILURE_TRANSFER: 'cancelled',
  FAILURE: 'cancelled',
} as const satisfies Partial<Record<LifecycleStatus, TransferStep>>;

export type TransferStatus = keyof typeof TRANSFER_STEP;

export function isTransferStatus(status: LifecycleStatus): status is TransferStatus {
  return status in TRANSFER_STEP;
}

/** The transfer step a status means, or undefined when the status is not about a transfer. */
export function transferStepOf(status: LifecycleStatus): TransferStep | undefined {
  return isTransferStatus(status) ? TRANSFER_STEP[status] : undefined;
}

/** A transfer ends with TRANSFERRED, FAILURE_TRANSFER or FAILURE. */
export function isTerminalTransferStatus(status: LifecycleStatus): boolean {
  const step = transferStepOf(status);
  return step === 'accepted' || step === 'cancelled';
}

export function isActivationStatus(status: LifecycleStatus): boolean {
  return STATUS_FAMILY[status] === 'activation';
}

export function isDeletionStatus(status: LifecycleStatus): boolean {
  return STATUS_FAMILY[status] === 'deletion';
}
