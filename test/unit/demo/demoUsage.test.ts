/** The demo tells how to use the command line against it, and where its key is, never the key (issue 15 item 5). */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CODEC_KEYS_VARIABLE, parseCodecKeys } from '../../../src/codec/keys';
import { demoCodec } from '../../../src/demo/demoCodecKey';
import { demoUsageText } from '../../../src/demo/demoUsage';

describe('the demo’s codec key and usage lines', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a generated key goes to a file only its owner reads printed as its path, never the key', async () => {
    const file = path.join(dir, '.data', 'demo-codec-keys');
    const demo = await demoCodec({}, file);
    expect(demo.source).toEqual({ kind: 'file', file });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const entry = (await readFile(file, 'utf8')).trim();
    const keyring = parseCodecKeys(entry);
    expect(demo.codec.mode === 'encrypt' && demo.codec.keyring.encryptWith.material).toEqual(
      keyring.encryptWith.material,
    );

    const text = demoUsageText({
      temporalAddress: '127.0.0.1:7233',
      temporalCli: '/opt/temporal bin/temporal',
      codecServer: 'http://127.0.0.1:8888',
      source: demo.source,
      organizerId: 'demo-organizer',
    });
    expect(text).toContain('export TEMPORAL_ADDRESS=127.0.0.1:7233');
    expect(text).toContain(`export ${CODEC_KEYS_VARIABLE}="$(cat ${file})"`);
    expect(text).toContain('npm run cli -- status demo-organizer');
    expect(text).toContain("'/opt/temporal bin/temporal' workflow describe --address 127.0.0.1:7233");
    expect(text).toContain('--codec-endpoint http://127.0.0.1:8888');
    expect(text).not.toContain(entry.split(':')[1]);

    // A second demo replaces the file with a new key, still 0600; stopping removes it.
    await writeFile(file, 'old', { mode: 0o644 });
    const again = await demoCodec({}, file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).not.toBe(entry);
    await again.remove();
    await expect(stat(file)).rejects.toThrow();
  });

  it('the operator’s own keys: no file, the usage says to use the same keys', async () => {
    const file = path.join(dir, 'demo-codec-keys');
    const demo = await demoCodec(
      { [CODEC_KEYS_VARIABLE]: `k1:${Buffer.alloc(32, 7).toString('base64')}` },
      file,
    );
    expect(demo.source).toEqual({ kind: 'env' });
    await expect(stat(file)).rejects.toThrow();
    const text = demoUsageText({
      temporalAddress: '127.0.0.1:7233',
      temporalCli: '/usr/bin/temporal',
      source: demo.source,
      organizerId: 'demo-organizer',
    });
    expect(text).toContain("the same keys as this demo's terminal");
    expect(text).not.toContain(Buffer.alloc(32, 7).toString('base64'));
  });
  it('a codec server with a token: the temporal CLI line sends it from the variable, never its value', () => {
    const lines = (codecServerTokenRequired: boolean) =>
      demoUsageText({
        temporalAddress: '127.0.0.1:7233',
        temporalCli: 'temporal',
        codecServer: 'http://127.0.0.1:8888',
        codecServerTokenRequired,
        source: { kind: 'off' },
        organizerId: 'demo-organizer',
      });
    expect(lines(true)).toContain(
      '--codec-endpoint http://127.0.0.1:8888 --codec-auth "Bearer $TIXNGO_FEEDBACK_CODEC_SERVER_TOKEN"',
    );
    expect(lines(false)).not.toContain('--codec-auth');
  });
});
