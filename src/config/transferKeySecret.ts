/**
 * The secret of the transfer keys (issue 13, item 8): a transfer without a TIXNGO id is keyed by an
 * HMAC of its parties with this secret (src/domain/transferKey.ts), so workflow ids, which are never
 * encrypted, let nobody confirm a guessed e-mail. Read and checked when a worker starts; errors name
 * the variable, never the value.
 *
 *   TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET="<at least 32 characters, e.g. `openssl rand -base64 32`>"
 *
 * Set it once per deployment, the same on every worker, and keep it: it is not derived from the
 * codec or API keys because those rotate, and a new secret gives open transfers new keys (their
 * outcomes would then open lines of their own).
 */
import { randomBytes } from 'node:crypto';

export const TRANSFER_KEY_SECRET_VARIABLE = 'TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET';
/** Characters the secret needs at least (32 bytes of base64 are 44). */
export const MIN_TRANSFER_KEY_SECRET_LENGTH = 32;

export class TransferKeySecretError extends Error {
  override name = 'TransferKeySecretError';
}

/** The `--help` lines of the variable (after its name). */
export const TRANSFER_KEY_SECRET_HELP = [
  `keys transfers without a TIXNGO id (at least ${MIN_TRANSFER_KEY_SECRET_LENGTH} characters: \`openssl rand -base64 32\`);`,
  'required; set once, the same on every worker, never changed',
];

/** The secret from the environment; a TransferKeySecretError when it is missing or too short. */
export function transferKeySecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[TRANSFER_KEY_SECRET_VARIABLE]?.trim() ?? '';
  if (value === '') {
    throw new TransferKeySecretError(
      `${TRANSFER_KEY_SECRET_VARIABLE} is not set: the worker needs it to key transfers without a TIXNGO id. ` +
        `Set it once for the deployment (e.g. \`openssl rand -base64 32\`), the same on every worker, and keep it.`,
    );
  }
  if (value.length < MIN_TRANSFER_KEY_SECRET_LENGTH) {
    throw new TransferKeySecretError(
      `${TRANSFER_KEY_SECRET_VARIABLE} is too short (${value.length} characters): it needs at least ` +
        `${MIN_TRANSFER_KEY_SECRET_LENGTH} (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return value;
}

/** A fresh random secret (tests, the demo, the benchmark and the fault suite). */
export function generateTransferKeySecret(): string {
  return randomBytes(32).toString('base64');
}
