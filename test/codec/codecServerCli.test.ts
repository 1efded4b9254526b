/**
 * The official temporal CLI against the real dev server and a codec server that requires a token:
 * `--codec-auth "Bearer <token>"` (or the token as the endpoint's first path segment) decodes, no
 * token or a wrong one leaves the data encrypted.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startCodecServer, type CodecServer } from '../../src/codec/codecServer';
import { dataConverterFromEnv, payloadCodecFor } from '../../src/codec/dataConverter';
import { testEnv, uniqueSuffix } from '../support/env';
import { plaintextFound } from '../support/plaintextScan';

const run = promisify(execFile);
const suffix = uniqueSuffix();
const spectator = { email: `zephyrine.oakenshaw.${suffix}@spectator.example` };
const token = randomBytes(32).toString('hex');

let connection: Connection;
let codecServer: CodecServer;
const workflowId = `codec-cli-${suffix}`;

beforeAll(async () => {
  const { dataConverter, setting } = dataConverterFromEnv();
  connection = await Connection.connect({ address: testEnv('TEMPORAL_ADDRESS') });
  const client = new Client({ connection, dataConverter });
  // No worker polls this task queue: the started event alone holds the encrypted input.
  await client.workflow.start('codecProbe', {
    workflowId,
    taskQueue: `codec-cli-${suffix}`,
    args: [spectator],
  });
  codecServer = await startCodecServer({
    codec: payloadCodecFor(setting),
    allowedOrigins: [],
    bearerToken: token,
  });
});

afterAll(async () => {
  await new Client({ connection }).workflow
    .getHandle(workflowId)
    .terminate('test done')
    .catch(() => undefined);
  await connection?.close();
  await codecServer?.close();
});

/** `temporal workflow show --output json` of the probe, with extra flags; stdout, or the error's output. */
const show = async (...extra: string[]): Promise<string> => {
  const args = ['workflow', 'show', '--output', 'json', '--address', testEnv('TEMPORAL_ADDRESS')];
  try {
    const { stdout } = await run(testEnv('TEMPORAL_CLI'), [...args, '--workflow-id', workflowId, ...extra]);
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`;
  }
};

/** The spectator's e-mail in the output, as text or inside a base64 payload. */
const decodedIn = (output: string): boolean => {
  if (output.includes(spectator.email)) return true;
  try {
    return plaintextFound(JSON.parse(output), [spectator.email]).length > 0;
  } catch {
    return false;
  }
};

describe('temporal CLI with --codec-endpoint on a codec server that requires a token', () => {
  it('decodes with --codec-auth "Bearer <token>"', async () => {
    expect(
      decodedIn(await show('--codec-endpoint', codecServer.url, '--codec-auth', `Bearer ${token}`)),
    ).toBe(true);
  });

  it('decodes with the token as the endpoint’s first path segment', async () => {
    expect(decodedIn(await show('--codec-endpoint', `${codecServer.url}/${token}`))).toBe(true);
  });

  it('does not decode without the token or with a wrong one', async () => {
    // Without a codec endpoint: the encrypted input, as stored.
    const stored = await show();
    expect(stored).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(decodedIn(stored)).toBe(false);
    // Refused by the codec server (the CLI gives up after its retries and shows no payload).
    const wrong = randomBytes(32).toString('hex');
    for (const flags of [
      ['--codec-endpoint', codecServer.url],
      ['--codec-endpoint', `${codecServer.url}/${wrong}`],
    ]) {
      expect([flags.join(' '), decodedIn(await show(...flags))]).toEqual([flags.join(' '), false]);
    }
  });
});
