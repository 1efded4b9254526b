/**
 * The logs of a whole demo run (`tixngo-feedback demo`, as `npm start` runs it) carry no secret and
 * no personal data: no e-mail address at all, no spectator name or ID number, not the codec key,
 * not the codec server's token.
 * The demo generates its key, keeps it in a file only its owner reads, and says how to use it.
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE, parseCodecKeys } from '../../src/codec/keys';
import { CODEC_SERVER_TOKEN_VARIABLE, generateCodecServerToken } from '../../src/codec/serverToken';
import { DEMO_CODEC_KEY_FILE } from '../../src/demo/demoCodecKey';
import { PEOPLE } from '../../src/sim/tixngo/people';
import { eventually } from '../support/env';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

it('a full demo run logs neither the keys, the codec server token nor the spectators’ personal data, and says where its key is', async () => {
  const codecServerToken = generateCodecServerToken();
  const demo = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, '../../src/cli/main.ts'),
      'demo',
      '--cron',
      '@every 2s',
      '--activity-every',
      '1',
    ],
    {
      // No key of the operator's: the demo generates one.
      env: {
        ...process.env,
        [CODEC_KEYS_VARIABLE]: '',
        [CODEC_MODE_VARIABLE]: '',
        [CODEC_SERVER_TOKEN_VARIABLE]: codecServerToken,
        LOG_LEVEL: 'DEBUG',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  let codecKeys: string | undefined;
  try {
    // How to use the command line against it: the address, the key's file (never the key), an example.
    await eventually(
      async () => (output.includes('npm run cli -- status demo-organizer') ? true : undefined),
      'the demo’s usage lines',
      { timeoutMs: 150_000, intervalMs: 500 },
    );
    expect(output).toMatch(/export TEMPORAL_ADDRESS=127\.0\.0\.1:\d+/);
    expect(output).toContain(`export ${CODEC_KEYS_VARIABLE}="$(cat ${DEMO_CODEC_KEY_FILE})"`);
    expect(output).toMatch(/The temporal CLI it runs: \/\S+/);
    expect(output).toContain(`--codec-auth "Bearer $${CODEC_SERVER_TOKEN_VARIABLE}"`);
    expect((await stat(DEMO_CODEC_KEY_FILE)).mode & 0o777).toBe(0o600);
    codecKeys = (await readFile(DEMO_CODEC_KEY_FILE, 'utf8')).trim();
    expect(parseCodecKeys(codecKeys).encryptWith.id).toBe('demo');

    await eventually(
      async () => ((output.match(/page\(s\)/g) ?? []).length >= 3 ? true : undefined),
      'three finished demo runs',
      { timeoutMs: 150_000, intervalMs: 500 },
    );
  } finally {
    demo.kill('SIGINT');
  }
  // Ctrl-C under `npm start` reaches the demo more than once (the terminal, npm and tsx relay it): a
  // repeat while it stops must not cut its cleanup short (the key file would stay behind).
  await eventually(
    async () => (output.includes('Stopping…') ? true : undefined),
    'the demo to start stopping',
  );
  demo.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('Stopped.');
  // The worker's own log lines are in what is scanned.
  expect(output).toMatch(/"msg":"diff page applied"/);

  expect(output).not.toMatch(EMAIL);
  expect(codecKeys).toBeDefined();
  expect(output).not.toContain(codecKeys?.split(':')[1]);
  expect(output).not.toContain(codecServerToken);
  // The key lived as long as the demo.
  await expect(stat(DEMO_CODEC_KEY_FILE)).rejects.toThrow();
  for (const person of Object.values(PEOPLE)) {
    expect(output).not.toContain(person.lastName);
    if (person.idCardNumber) expect(output).not.toContain(person.idCardNumber);
  }
  expect(output).not.toMatch(/X\d{8}/); // generated ID card numbers
}, 200_000);
