/**
 * The payload-encryption keys, from the environment. Errors name the variable and the key id,
 * never the key material.
 *
 *   TIXNGO_FEEDBACK_CODEC_KEYS="k2:<base64 of 32 bytes>,k1:<base64 of 32 bytes>"
 *
 * The first key encrypts; every key decrypts. Rotation: put a new key first and keep the old ones
 * for as long as histories encrypted with them are retained.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const CODEC_KEYS_VARIABLE = 'TIXNGO_FEEDBACK_CODEC_KEYS';
/** `off` runs without payload encryption (development only); it must be set explicitly. */
export const CODEC_MODE_VARIABLE = 'TIXNGO_FEEDBACK_CODEC';

export const KEY_BYTES = 32;

export interface CodecKey {
  id: string;
  /** 32 bytes of AES-256 key material. */
  material: Buffer;
}

/** The keys, first one encrypting. Never empty. */
export interface CodecKeyring {
  encryptWith: CodecKey;
  /** Every key by id, the encrypting one included. */
  byId: ReadonlyMap<string, CodecKey>;
}

export class CodecConfigError extends Error {
  override name = 'CodecConfigError';
}

const KeyId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id is 1 to 64 letters, digits, ".", "_" or "-"');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const KeyMaterial = z
  .string()
  .regex(BASE64, 'the key is not base64')
  .transform((text) => Buffer.from(text, 'base64'))
  .refine((bytes) => bytes.length === KEY_BYTES, {
    message: `the key must be ${KEY_BYTES} bytes (44 base64 characters), e.g. from \`openssl rand -base64 32\``,
  });

const KeyEntry = z.object({ id: KeyId, material: KeyMaterial });

const HINT = `Expected "<keyId>:<base64 of ${KEY_BYTES} bytes>[,<keyId>:<base64>…]", first key encrypting.`;

/** Parses the variable's value; throws a CodecConfigError naming the variable and key id. */
export function parseCodecKeys(value: string, variable = CODEC_KEYS_VARIABLE): CodecKeyring {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new CodecConfigError(`${variable} holds no key. ${HINT}`);
  const keys: CodecKey[] = entries.map((entry, position) => {
    const colon = entry.indexOf(':');
    if (colon < 0) {
      throw new CodecConfigError(`${variable}: entry ${position + 1} has no "<keyId>:" prefix. ${HINT}`);
    }
    const id = entry.slice(0, colon).trim();
    const parsed = KeyEntry.safeParse({ id, material: entry.slice(colon + 1).trim() });
    if (!parsed.success) {
      // zod's messages here are ours and never quote the input; only the id is named.
      const issue = parsed.error.issues[0];
      const which = issue?.path[0] === 'id' ? `entry ${position + 1}` : `key "${id}"`;
      throw new CodecConfigError(`${variable}: ${which}: ${issue?.message ?? 'invalid'}. ${HINT}`);
    }
    return parsed.data;
  });
  const byId = new Map<string, CodecKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw new CodecConfigError(`${variable}: key id "${key.id}" appears twice.`);
    byId.set(key.id, key);
  }
  const [encryptWith] = keys;
  if (!encryptWith) throw new CodecConfigError(`${variable} holds no key. ${HINT}`);
  return { encryptWith, byId };
}

/** How a process handles payloads, decided from its environment (README, "Data protection"). */
export type CodecSetting = { mode: 'encrypt'; keyring: CodecKeyring } | { mode: 'off' };

/**
 * The rule: TIXNGO_FEEDBACK_CODEC_KEYS set → payloads are encrypted. Not set → refused, unless
 * TIXNGO_FEEDBACK_CODEC=off says plaintext is meant (development). Both set is refused as ambiguous.
 */
export function codecSettingFromEnv(env: NodeJS.ProcessEnv = process.env): CodecSetting {
  const keys = env[CODEC_KEYS_VARIABLE]?.trim();
  const mode = env[CODEC_MODE_VARIABLE]?.trim();
  if (mode !== undefined && mode !== '' && mode !== 'off') {
    throw new CodecConfigError(
      `${CODEC_MODE_VARIABLE} must be "off" or unset, got "${mode}". Encryption is on whenever ${CODEC_KEYS_VARIABLE} is set.`,
    );
  }
  if (keys) {
    if (mode === 'off') {
      throw new CodecConfigError(
        `Both ${CODEC_KEYS_VARIABLE} and ${CODEC_MODE_VARIABLE}=off are set: unset one of them.`,
      );
    }
    return { mode: 'encrypt', keyring: parseCodecKeys(keys) };
  }
  if (mode === 'off') return { mode: 'off' };
  throw new CodecConfigError(
    `${CODEC_KEYS_VARIABLE} is not set, so spectator data would be stored in plaintext in Temporal. ` +
      `Set it to "<keyId>:<base64 key>" (generate one with \`npm run codec -- generate-key\` or ` +
      `\`openssl rand -base64 32\`), or set ${CODEC_MODE_VARIABLE}=off to run without encryption (development only).`,
  );
}

/** A fresh random key, as one entry of TIXNGO_FEEDBACK_CODEC_KEYS. */
export function generateCodecKeyEntry(id: string): string {
  const parsed = KeyId.safeParse(id);
  if (!parsed.success) throw new CodecConfigError(`Key id "${id}": ${parsed.error.issues[0]?.message}`);
  return `${parsed.data}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/** A short description for logs: which key encrypts, which decrypt. Never key material. */
export function describeCodecSetting(setting: CodecSetting): string {
  if (setting.mode === 'off') {
    return `payload encryption OFF (${CODEC_MODE_VARIABLE}=off): spectator data is stored in plaintext in Temporal`;
  }
  const ids = [...setting.keyring.byId.keys()].join(', ');
  return `payloads encrypted with key "${setting.keyring.encryptWith.id}" (decrypts: ${ids})`;
}
