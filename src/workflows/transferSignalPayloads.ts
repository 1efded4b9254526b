/**
 * The shapes the transfer workflow's signals accept (issue 13, item 1). The feedback workflow sends
 * them, but anyone who can reach Temporal can too: a payload of another shape, or a step of another
 * transfer, is refused with a warning, never thrown.
 */
import { z } from 'zod';
import { FinalDistributionStatus } from '../domain/distribution';
import { OrganizerId } from '../domain/organizer';
import { SpectatorDetails } from '../domain/spectator';
import type { TransferEvent } from '../domain/transferEvent';
import { describePayload, MAX_TICKET_ID_LENGTH, type PayloadCheck } from './signalPayloads';

const isoDate = z
  .string()
  .max(64)
  .refine((text) => !Number.isNaN(Date.parse(text)), 'not a date (ISO 8601)');
const email = z.string().max(320);
const key = z.string().min(1).max(MAX_TICKET_ID_LENGTH);

/** transferEvent: one step of the same transfer (src/domain/transferEvent.ts). */
export const TransferEventPayload = z.looseObject({
  organizerId: OrganizerId,
  ticketId: key,
  taxNumber: z.string().max(256).optional(),
  transferKey: key,
  status: z.enum(['PENDING_TRANSFER', 'TRANSFERRED', 'FAILURE_TRANSFER', 'FAILURE']),
  statusChangedAt: isoDate,
  senderEmail: email,
  recipientEmail: email,
  initiatedAt: isoDate.optional(),
  recipient: SpectatorDetails.optional(),
  recipientDetailsOmitted: z.literal(true).optional(),
  sender: SpectatorDetails.optional(),
  senderDetailsOmitted: z.literal(true).optional(),
});

/** transferSuperseded: a newer transfer of the ticket settled this one. */
export const TransferSupersededPayload = z.object({
  byTransferKey: key,
  status: FinalDistributionStatus,
});
export type TransferSupersededPayload = z.infer<typeof TransferSupersededPayload>;

function refusal(signalName: string, payload: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue ? ` (${issue.path.join('.') || 'payload'}: ${issue.message})` : '';
  return `signal "${signalName}" refused: got ${describePayload(payload)} of another shape${where}; nothing applied.`;
}

/** A step of the transfer `first` belongs to, checked; a step of another transfer is refused too. */
export function checkTransferEvent(
  payload: unknown,
  first: TransferEvent,
  signalName = 'transferEvent',
): PayloadCheck<TransferEvent> {
  const checked = TransferEventPayload.safeParse(payload);
  if (!checked.success) return { ok: false, warning: refusal(signalName, payload, checked.error) };
  const event = checked.data as TransferEvent;
  if (
    event.organizerId !== first.organizerId ||
    event.ticketId !== first.ticketId ||
    event.transferKey !== first.transferKey
  ) {
    return {
      ok: false,
      warning: `signal "${signalName}" refused: a step of another transfer (ticket, organizer or transfer key differ); nothing applied.`,
    };
  }
  return { ok: true, value: event };
}

/** Steps one transferSteps signal carries at most (a hand-off hands on every step read of a transfer). */
export const MAX_TRANSFER_STEPS = 1_000;

/**
 * transferSteps: a list of steps, each checked like a transferEvent signal's. Each step refused is
 * a warning of its own (the others still count); a payload that is no list (or a longer one) is
 * refused whole.
 */
export function checkTransferSteps(
  payload: unknown,
  first: TransferEvent,
): { steps: TransferEvent[]; warnings: string[] } {
  if (!Array.isArray(payload) || payload.length > MAX_TRANSFER_STEPS) {
    return {
      steps: [],
      warnings: [
        `signal "transferSteps" refused: got ${describePayload(payload)}, expected a list of at most ` +
          `${MAX_TRANSFER_STEPS} transfer steps; nothing applied.`,
      ],
    };
  }
  const steps: TransferEvent[] = [];
  const warnings: string[] = [];
  for (const item of payload as unknown[]) {
    const checked = checkTransferEvent(item, first, 'transferSteps');
    if (checked.ok) steps.push(checked.value);
    else warnings.push(checked.warning);
  }
  return { steps, warnings };
}

export function checkSuperseded(payload: unknown): PayloadCheck<TransferSupersededPayload> {
  const checked = TransferSupersededPayload.safeParse(payload);
  return checked.success
    ? { ok: true, value: checked.data }
    : { ok: false, warning: refusal('transferSuperseded', payload, checked.error) };
}
