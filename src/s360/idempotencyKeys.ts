import { createHash } from 'node:crypto';
import { normalizeEmail } from '../domain/contact';

/** The longest key S-360 accepts (docs/s360-api.yaml, IdempotencyKey). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * One key per step, built from what identifies the step, so a retried activity or a replayed page
 * repeats the very same request. Parts are URL-encoded (keys are HTTP header values: printable ASCII,
 * no spaces); a key that would be too long becomes `<kind>:sha256:<hex>` of its parts.
 */
export function idempotencyKey(kind: string, ...parts: readonly (string | number)[]): string {
  const readable = [kind, ...parts.map((part) => encodeURIComponent(String(part)))].join(':');
  if (readable.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return readable;
  const digest = createHash('sha256')
    .update(JSON.stringify([kind, ...parts.map(String)]))
    .digest('hex');
  return `${kind}:sha256:${digest}`;
}

/** The keys the feedback's S-360 creates use, one function per kind of step. */
export const s360IdempotencyKeys = {
  /** The temporary contact created for a transfer recipient unknown to S-360 (one per e-mail). */
  temporaryContact: (organizerId: string, email: string): string =>
    idempotencyKey('temporary-contact', organizerId, normalizeEmail(email)),
  /** Completing the recipient's temporary contact when a transfer is accepted. */
  contactCompletion: (organizerId: string, contactId: number, transferId: string): string =>
    idempotencyKey('complete-contact', organizerId, contactId, transferId),
  /** The distribution line mirroring one TIXNGO transfer of one ticket. */
  distributionLine: (organizerId: string, ticketId: string, transferId: string): string =>
    idempotencyKey('distribution', organizerId, ticketId, transferId),
};
