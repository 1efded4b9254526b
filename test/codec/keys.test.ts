import { randomBytes } from 'node:crypto';
import {
  CodecConfigError,
  codecSettingFromEnv,
  describeCodecSetting,
  generateCodecKeyEntry,
  parseCodecKeys,
} from '../../src/codec/keys';

const material = (bytes = 32): string => randomBytes(bytes).toString('base64');

describe('codec keys from TIXNGO_FEEDBACK_CODEC_KEYS', () => {
  it('the first key encrypts and every key decrypts', () => {
    const keyring = parseCodecKeys(`k2:${material()}, k1:${material()}`);
    expect(keyring.encryptWith.id).toBe('k2');
    expect([...keyring.byId.keys()]).toEqual(['k2', 'k1']);
    expect(keyring.encryptWith.material).toHaveLength(32);
  });

  it('a generated entry is a valid single-key value', () => {
    const entry = generateCodecKeyEntry('k20261123');
    expect(entry).toMatch(/^k20261123:[A-Za-z0-9+/]{43}=$/);
    expect(parseCodecKeys(entry).encryptWith.id).toBe('k20261123');
  });

  it.each([
    ['a key of the wrong length', () => `k1:${material(16)}`, 'key "k1": the key must be 32 bytes'],
    [
      'a key that is not base64',
      () => `k1:${material().replace(/.$/, '!')}`,
      'key "k1": the key is not base64',
    ],
    ['an entry without an id', () => material(), 'entry 1 has no "<keyId>:" prefix'],
    ['an invalid key id', () => `bad id:${material()}`, 'entry 1: a key id is 1 to 64 letters'],
    ['a key id given twice', () => `k1:${material()},k1:${material()}`, 'key id "k1" appears twice'],
    ['no key at all', () => ' , ', 'holds no key'],
  ])('refuses %s, naming the variable and the key id but never the key', (_case, value, expected) => {
    const given = value();
    const error = (() => {
      try {
        parseCodecKeys(given);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(CodecConfigError);
    expect(error.message).toContain('TIXNGO_FEEDBACK_CODEC_KEYS');
    expect(error.message).toContain(expected);
    for (const part of given.split(/[,:]/)) {
      if (part.trim().length >= 16) expect(error.message).not.toContain(part.trim());
    }
  });
});

describe('when payloads are encrypted (the rule of README "Data protection")', () => {
  it('keys set: encrypted', () => {
    const setting = codecSettingFromEnv({ TIXNGO_FEEDBACK_CODEC_KEYS: `k1:${material()}` });
    expect(setting.mode).toBe('encrypt');
    expect(describeCodecSetting(setting)).toBe('payloads encrypted with key "k1" (decrypts: k1)');
  });

  it('no keys: refused, saying what to set', () => {
    expect(() => codecSettingFromEnv({})).toThrow(
      /TIXNGO_FEEDBACK_CODEC_KEYS is not set.*TIXNGO_FEEDBACK_CODEC=off/,
    );
  });

  it('no keys and TIXNGO_FEEDBACK_CODEC=off: plaintext, said so', () => {
    const setting = codecSettingFromEnv({ TIXNGO_FEEDBACK_CODEC: 'off' });
    expect(setting).toEqual({ mode: 'off' });
    expect(describeCodecSetting(setting)).toContain('OFF');
  });

  it('keys and off together, or another mode: refused as ambiguous', () => {
    expect(() =>
      codecSettingFromEnv({ TIXNGO_FEEDBACK_CODEC_KEYS: `k1:${material()}`, TIXNGO_FEEDBACK_CODEC: 'off' }),
    ).toThrow('unset one of them');
    expect(() => codecSettingFromEnv({ TIXNGO_FEEDBACK_CODEC: 'on' })).toThrow('must be "off" or unset');
  });
});
