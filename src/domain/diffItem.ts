import { z } from 'zod';
import { LifecycleStatus } from './lifecycleStatus';
import { SpectatorDetails } from './spectator';

/** Ticket ids: up to 256 letters, digits, spaces and `*.-_+/()` (SPEC §10). */
export const TicketId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9 *.\-_+/()]+$/, 'only letters, digits, spaces and *.-_+/() are allowed');

export const TaxNumber = z.string().min(1).max(256);

export const TransferInfo = z.object({
  id: z.string().min(1).max(256).optional(),
  senderEmail: z.string().max(320),
  recipientEmail: z.string().max(320),
  initiatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type TransferInfo = z.infer<typeof TransferInfo>;

/** One ticket of a diff page (SPEC §10). */
export const DiffItem = z.object({
  ticketId: TicketId,
  taxNumber: TaxNumber.optional(),
  eventId: z.string().max(256).optional(),
  status: LifecycleStatus,
  statusChangedAt: z.iso.datetime({ offset: true }),
  spectatorDetails: SpectatorDetails.optional(),
  holder: SpectatorDetails.optional(),
  transfer: TransferInfo.optional(),
  beaconName: z.string().max(256).optional(),
  extraInfo: z.record(z.string(), z.string()).optional(),
});
export type DiffItem = z.infer<typeof DiffItem>;

/** The page envelope; items are validated one by one so one bad ticket never fails its page. */
export const DiffResponse = z.object({
  pagination: z.object({ nextPageKey: z.string().nullable().optional() }).optional(),
  result: z.array(z.unknown()),
});
export type DiffResponse = z.infer<typeof DiffResponse>;

/** A ticket that was not applied, kept with why (SPEC §9). */
export interface RejectedItem {
  ticketId?: string;
  /** Position of the item in its page. */
  index: number;
  path: string;
  reason: string;
}

export interface ValidatedPage {
  valid: DiffItem[];
  rejected: RejectedItem[];
}

function ticketIdOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'ticketId' in raw) {
    const id = (raw as { ticketId: unknown }).ticketId;
    if (typeof id === 'string' && id.length <= 256) return id;
  }
  return undefined;
}

/** Validates each item on its own: valid ones go on, bad ones are rejected with field path and reason. */
export function validateDiffItems(items: readonly unknown[]): ValidatedPage {
  const valid: DiffItem[] = [];
  const rejected: RejectedItem[] = [];
  items.forEach((raw, index) => {
    const parsed = DiffItem.safeParse(raw);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const issue = parsed.error.issues[0];
    rejected.push({
      ticketId: ticketIdOf(raw),
      index,
      path: issue && issue.path.length > 0 ? issue.path.join('.') : '(item)',
      reason: issue?.message ?? 'invalid item',
    });
  });
  return { valid, rejected };
}
