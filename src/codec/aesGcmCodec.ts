/**
 * Encrypts every payload before it leaves the process (workflow inputs and results, activity inputs
 * and results, signals, queries, failure messages) so Temporal stores and shows only ciphertext.
 *
 * An encrypted payload: metadata `encoding: binary/encrypted`, `encryption-key-id: <id>`; data =
 * iv (12 bytes) ‖ AES-256-GCM ciphertext of the whole original payload (protobuf) ‖ tag (16 bytes).
 * Payloads without that encoding decode unchanged, so histories written before encryption was
 * turned on (and inputs typed into the temporal CLI) still read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CODEC_KEYS_VARIABLE, type CodecKeyring } from './keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

function metadataText(payload: Payload, key: string): string | undefined {
  const value = payload.metadata?.[key];
  return value ? fromUtf8.decode(value) : undefined;
}

export function isEncrypted(payload: Payload): boolean {
  return metadataText(payload, 'encoding') === ENCRYPTED_ENCODING;
}

/** The key id an encrypted payload names (undefined for a payload that is not encrypted). */
export function keyIdOf(payload: Payload): string | undefined {
  return isEncrypted(payload) ? metadataText(payload, KEY_ID_METADATA) : undefined;
}

export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly keyring: CodecKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keyring.encryptWith;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key.material, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: utf8.encode(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: utf8.encode(key.id),
        },
        data: new Uint8Array(data),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private decrypt(payload: Payload): Payload {
    const keyId = keyIdOf(payload);
    if (!keyId) {
      throw new PayloadDecryptionError(`An encrypted payload carries no "${KEY_ID_METADATA}" metadata.`);
    }
    const key = this.keyring.byId.get(keyId);
    if (!key) {
      const known = [...this.keyring.byId.keys()].join(', ');
      throw new PayloadDecryptionError(
        `A payload is encrypted with key id "${keyId}", which is not among the keys of ${CODEC_KEYS_VARIABLE} (${known}). ` +
          `Add that key (after the encrypting one) to read it.`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`A payload encrypted with key id "${keyId}" is truncated.`);
    }
    const decipher = createDecipheriv(ALGORITHM, key.material, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `A payload encrypted with key id "${keyId}" does not authenticate: it was altered, or that id names a different key here.`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/**
 * The codec when encryption is off (TIXNGO_FEEDBACK_CODEC=off): payloads pass in plaintext, and an
 * encrypted payload met on the way back is refused with what to set, rather than a puzzling
 * "unknown encoding" from the payload converter.
 */
export const plaintextCodec: PayloadCodec = {
  async encode(payloads) {
    return payloads;
  },
  async decode(payloads) {
    for (const payload of payloads) {
      if (isEncrypted(payload)) {
        throw new PayloadDecryptionError(
          `A payload is encrypted (key id "${keyIdOf(payload) ?? '?'}") but ${CODEC_KEYS_VARIABLE} is not set in this process: set it to read it.`,
        );
      }
    }
    return payloads;
  },
};
