/**
 * The demo's payload key and how another terminal gets it (issue 15 item 5): the operator's
 * TIXNGO_FEEDBACK_CODEC_KEYS when set; plaintext with TIXNGO_FEEDBACK_CODEC=off; else a key generated
 * for this run, written to a git-ignored file only its owner can read (mode 0600), removed when
 * the demo stops. The key itself is never printed.
 */
import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CODEC_KEYS_VARIABLE,
  CODEC_MODE_VARIABLE,
  codecSettingFromEnv,
  generateCodecKeyEntry,
  parseCodecKeys,
  type CodecSetting,
} from '../codec/keys';
import { projectRoot } from '../devstack/projectRoot';

/** Where a generated demo key is written: `.data/` is git-ignored. */
export const DEMO_CODEC_KEY_FILE = path.join(projectRoot(), '.data', 'demo-codec-keys');

export interface DemoCodec {
  codec: CodecSetting;
  /** Where the key comes from: the environment, a generated key's file, or nowhere (encryption off). */
  source: { kind: 'env' } | { kind: 'file'; file: string } | { kind: 'off' };
  /** Removes a generated key's file (nothing otherwise); safe to call twice. */
  remove(): Promise<void>;
  /** The same, synchronously (a forced exit). */
  removeNow(): void;
}

/** The demo's codec, from `env`; a generated key is written to `file` (mode 0600) before it is used. */
export async function demoCodec(
  env: NodeJS.ProcessEnv = process.env,
  file = DEMO_CODEC_KEY_FILE,
): Promise<DemoCodec> {
  const none = async (): Promise<void> => undefined;
  const noneNow = (): void => undefined;
  if (env[CODEC_KEYS_VARIABLE]?.trim()) {
    return { codec: codecSettingFromEnv(env), source: { kind: 'env' }, remove: none, removeNow: noneNow };
  }
  if (env[CODEC_MODE_VARIABLE] === 'off')
    return { codec: { mode: 'off' }, source: { kind: 'off' }, remove: none, removeNow: noneNow };
  const entry = generateCodecKeyEntry('demo');
  await mkdir(path.dirname(file), { recursive: true });
  // A new file (never an old one's mode): no moment when another user could read the key.
  await rm(file, { force: true });
  await writeFile(file, `${entry}\n`, { mode: 0o600, flag: 'wx' });
  return {
    codec: { mode: 'encrypt', keyring: parseCodecKeys(entry, 'the demo key') },
    source: { kind: 'file', file },
    remove: () => rm(file, { force: true }),
    removeNow: () => rmSync(file, { force: true }),
  };
}
