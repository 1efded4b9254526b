/**
 * `npm run codec` as a process: the token is checked at start, and it never appears in what the
 * server prints, whatever the requests (right, wrong, unknown routes, preflights).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../../src/codec/aesGcmCodec';
import { payloadToJson } from '../../src/codec/codecServer';
import { CODEC_KEYS_VARIABLE, generateCodecKeyEntry, parseCodecKeys } from '../../src/codec/keys';
import { CODEC_SERVER_TOKEN_VARIABLE } from '../../src/codec/serverToken';
import { eventually } from '../support/env';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/codec/main.ts');
const UI_ORIGIN = 'http://localhost:8080';
/** A server that wrongly starts is killed after this, so the test fails instead of hanging. */
const EXIT_GUARD_MS = 30_000;
const keys = generateCodecKeyEntry('k1');
const codec = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, [CODEC_KEYS_VARIABLE]: keys },
    timeout: EXIT_GUARD_MS,
  });
type Failure = { code: number; stdout: string; stderr: string };

describe('npm run codec', () => {
  it('--help explains both ways to send the token', async () => {
    const { stdout } = await codec('--help');
    expect(stdout).toContain(CODEC_SERVER_TOKEN_VARIABLE);
    expect(stdout).toContain('--codec-auth "Bearer <token>"');
    expect(stdout).toContain('http://localhost:8888/<token>');
  });

  it('refuses a token shorter than 32 characters at start, naming the variable and not the value', async () => {
    const short = 'only-twenty-chars-xx';
    const failure = (await run(process.execPath, ['--import', 'tsx', MAIN, '--port', '0'], {
      env: { ...process.env, [CODEC_KEYS_VARIABLE]: keys, [CODEC_SERVER_TOKEN_VARIABLE]: short },
      timeout: EXIT_GUARD_MS,
    }).catch((error: Failure) => error)) as Failure;
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain(CODEC_SERVER_TOKEN_VARIABLE);
    expect(failure.stderr).toContain('32');
    expect(failure.stdout + failure.stderr).not.toContain(short);
  });

  it('without keys: a configuration error, exit 2, naming the variable', async () => {
    const failure = (await run(process.execPath, ['--import', 'tsx', MAIN, '--port', '0'], {
      env: { ...process.env, [CODEC_KEYS_VARIABLE]: '', TIXNGO_FEEDBACK_CODEC: '' },
      timeout: EXIT_GUARD_MS,
    }).catch((error: Failure) => error)) as Failure;
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain(CODEC_KEYS_VARIABLE);
  });

  it('refuses to listen beyond localhost without a token', async () => {
    const failure = (await codec('--host', '0.0.0.0', '--port', '0').catch(
      (error: Failure) => error,
    )) as Failure;
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain(CODEC_SERVER_TOKEN_VARIABLE);
  });

  it('serves with the token in the header or the path, and never prints the token', async () => {
    const token = randomBytes(32).toString('hex');
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--port', '0', '--ui-origin', UI_ORIGIN],
      {
        env: { ...process.env, [CODEC_KEYS_VARIABLE]: keys, [CODEC_SERVER_TOKEN_VARIABLE]: token },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      const url = await eventually(
        async () => /codec server on (http:\/\/\S+)/.exec(output)?.[1],
        'the codec server’s start line',
      );
      const [encrypted] = await new AesGcmCodec(parseCodecKeys(keys)).encode([
        defaultPayloadConverter.toPayload({ email: 'leocadia.ruegg@spectator.example' }),
      ]);
      const body = JSON.stringify({ payloads: [payloadToJson(encrypted ?? {})] });
      const post = (target: string, headers: Record<string, string> = {}) =>
        fetch(target, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: UI_ORIGIN, ...headers },
          body,
        }).then((response) => response.status);
      expect([
        await post(`${url}/decode`, { Authorization: `Bearer ${token}` }),
        await post(`${url}/${token}/decode`),
        await post(`${url}/decode`),
        await post(`${url}/${token.slice(1)}x/decode`),
        await post(`${url}/${token}/nothing`),
        await fetch(`${url}/${token}/decode`, {
          method: 'OPTIONS',
          headers: { Origin: UI_ORIGIN, 'Access-Control-Request-Method': 'POST' },
        }).then((response) => response.status),
      ]).toEqual([200, 200, 401, 401, 404, 204]);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('token');
    expect(output).not.toContain(token);
  });
});
