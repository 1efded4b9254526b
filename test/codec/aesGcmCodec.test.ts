import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
} from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import {
  AesGcmCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  keyIdOf,
  plaintextCodec,
} from '../../src/codec/aesGcmCodec';
import { encryptingDataConverter } from '../../src/codec/dataConverter';
import { generateCodecKeyEntry, parseCodecKeys } from '../../src/codec/keys';

const spectator = {
  firstName: 'Ottilie',
  lastName: 'Brandenberger',
  email: 'ottilie.brandenberger@spectator.example',
  idCardNumber: 'CH-ID-90817263',
  phoneNumber: '+41 79 555 01 23',
};
const payloadOf = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueOf = (payload: Payload | undefined): unknown =>
  payload === undefined ? undefined : defaultPayloadConverter.fromPayload(payload);
const text = (bytes: Uint8Array | null | undefined): string =>
  Buffer.from(bytes ?? new Uint8Array()).toString('latin1');

const k1 = generateCodecKeyEntry('k1');
const k2 = generateCodecKeyEntry('k2');

describe('AES-256-GCM payload codec', () => {
  it('round-trips a payload, storing only iv ‖ ciphertext ‖ tag under the encrypting key id', async () => {
    const codec = new AesGcmCodec(parseCodecKeys(k1));
    const original = payloadOf(spectator);
    const [encrypted] = await codec.encode([original]);

    expect(text(encrypted?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted?.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Object.keys(encrypted?.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    for (const value of Object.values(spectator)) expect(text(encrypted?.data)).not.toContain(value);
    expect(text(encrypted?.data)).not.toContain('json/plain');

    const [decoded] = await codec.decode(encrypted ? [encrypted] : []);
    expect(valueOf(decoded)).toEqual(spectator);
    expect(text(decoded?.metadata?.encoding)).toBe('json/plain');
  });

  it('uses a fresh iv for every payload (same value, different ciphertext)', async () => {
    const codec = new AesGcmCodec(parseCodecKeys(k1));
    const [a, b] = await codec.encode([payloadOf(spectator), payloadOf(spectator)]);
    expect(Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? []))).toBe(false);
  });

  it('refuses a payload of an unknown key id, naming the id and never a key', async () => {
    const [encrypted] = await new AesGcmCodec(parseCodecKeys(k1)).encode([payloadOf(spectator)]);
    const other = new AesGcmCodec(parseCodecKeys(k2));
    const refusal = await other.decode(encrypted ? [encrypted] : []).catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toContain('key id "k1"');
    expect((refusal as Error).message).toContain('TIXNGO_FEEDBACK_CODEC_KEYS');
    for (const entry of [k1, k2]) expect((refusal as Error).message).not.toContain(entry.split(':')[1]);
  });

  it('rotation: after a new first key is added, old payloads still decode and new ones use the new key', async () => {
    const before = new AesGcmCodec(parseCodecKeys(k1));
    const [old] = await before.encode([payloadOf({ run: 1 })]);

    const after = new AesGcmCodec(parseCodecKeys(`${k2},${k1}`));
    const [fresh] = await after.encode([payloadOf({ run: 2 })]);
    expect([keyIdOf(old as Payload), keyIdOf(fresh as Payload)]).toEqual(['k1', 'k2']);
    expect((await after.decode([old as Payload, fresh as Payload])).map(valueOf)).toEqual([
      { run: 1 },
      { run: 2 },
    ]);

    // The old key alone cannot read what the new one wrote.
    await expect(before.decode([fresh as Payload])).rejects.toThrow('key id "k2"');
  });

  it('refuses tampered ciphertext, and a payload relabelled with another key id', async () => {
    const codec = new AesGcmCodec(parseCodecKeys(`${k2},${k1}`));
    const [encrypted] = await codec.encode([payloadOf(spectator)]);
    const data = Buffer.from(encrypted?.data ?? []);
    data[20] = (data[20] ?? 0) ^ 0x01;
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow(
      'A payload encrypted with key id "k2" does not authenticate',
    );

    const relabelled = {
      ...encrypted,
      metadata: { ...encrypted?.metadata, [KEY_ID_METADATA]: Buffer.from('k1') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow('key id "k1" does not authenticate');
    await expect(codec.decode([{ ...encrypted, data: data.subarray(0, 10) }])).rejects.toThrow('truncated');
  });

  it('leaves payloads that are not encrypted untouched, so histories written before still read', async () => {
    const codec = new AesGcmCodec(parseCodecKeys(k1));
    const plain = payloadOf({ organizerId: 'acme' });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('with encryption off, passes plaintext and refuses an encrypted payload with what to set', async () => {
    const plain = payloadOf({ organizerId: 'acme' });
    expect(await plaintextCodec.encode([plain])).toEqual([plain]);
    const [encrypted] = await new AesGcmCodec(parseCodecKeys(k1)).encode([plain]);
    await expect(plaintextCodec.decode([encrypted as Payload])).rejects.toThrow(
      'A payload is encrypted (key id "k1") but TIXNGO_FEEDBACK_CODEC_KEYS is not set',
    );
  });
});

describe('failure messages and stack traces are encoded and encrypted', () => {
  it('an error becomes "Encoded failure" with encrypted attributes, and decodes back to its message', async () => {
    const converter = loadDataConverter(encryptingDataConverter(parseCodecKeys(k1)));
    const message = `Spectator ${spectator.email} could not be saved`;
    const failure = await encodeErrorToFailure(
      converter,
      ApplicationFailure.nonRetryable(message, 'SaveError'),
    );

    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(keyIdOf(failure.encodedAttributes as Payload)).toBe('k1');
    expect(JSON.stringify(failure)).not.toContain(spectator.email);
    expect(text(failure.encodedAttributes?.data)).not.toContain(spectator.email);

    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect([(error as ApplicationFailure).message, (error as ApplicationFailure).type]).toEqual([
      message,
      'SaveError',
    ]);
  });
});
