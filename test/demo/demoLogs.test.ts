/**
 * The logs of a whole demo run (`tixngo-feedback demo`, as `npm start` runs it) carry no secret and
 * no personal data: no e-mail address at all, no spectator name or ID number, not the codec key,
 * not the codec server's token.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CODEC_KEYS_VARIABLE, generateCodecKeyEntry } from '../../src/codec/keys';
import { CODEC_SERVER_TOKEN_VARIABLE, generateCodecServerToken } from '../../src/codec/serverToken';
import { PEOPLE } from '../../src/sim/tixngo/people';
import { eventually } from '../support/env';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

it('a full demo run logs neither the keys, the codec server token nor the spectators’ personal data', async () => {
  const codecKeys = generateCodecKeyEntry('demo-log-test');
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
      env: {
        ...process.env,
        [CODEC_KEYS_VARIABLE]: codecKeys,
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
  try {
    await eventually(
      async () => ((output.match(/page\(s\)/g) ?? []).length >= 3 ? true : undefined),
      'three finished demo runs',
      { timeoutMs: 150_000, intervalMs: 500 },
    );
  } finally {
    demo.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  expect(output).toContain('Stopped.');
  // The worker's own log lines are in what is scanned.
  expect(output).toMatch(/"msg":"diff page applied"/);

  expect(output).not.toMatch(EMAIL);
  expect(output).not.toContain(codecKeys.split(':')[1]);
  expect(output).not.toContain(codecServerToken);
  for (const person of Object.values(PEOPLE)) {
    expect(output).not.toContain(person.lastName);
    if (person.idCardNumber) expect(output).not.toContain(person.idCardNumber);
  }
  expect(output).not.toMatch(/X\d{8}/); // generated ID card numbers
}, 200_000);
