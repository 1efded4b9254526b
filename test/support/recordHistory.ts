import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { startCodecServer } from '../../src/codec/codecServer';
import { payloadCodecFor } from '../../src/codec/dataConverter';
import { codecSettingFromEnv } from '../../src/codec/keys';
import { testEnv } from './env';

export const HISTORIES_DIR = path.join(__dirname, '../replay/histories');

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history (as `temporal workflow show
 * --output json` writes it) as a replay fixture: test/replay/histories/<name>.json. Re-record only
 * when a change is meant to be incompatible and is guarded by patched(); otherwise the replay test
 * must keep passing on the old files. Payloads are decrypted through the codec server on the way
 * (the test run's key dies with the run), so the fixtures replay without it.
 */
export async function recordHistory(name: string, workflowId: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const codecServer = await startCodecServer({
    codec: payloadCodecFor(codecSettingFromEnv()),
    allowedOrigins: [],
  });
  try {
    const args = [
      'workflow',
      'show',
      '--output',
      'json',
      '--address',
      testEnv('TEMPORAL_ADDRESS'),
      '--codec-endpoint',
      codecServer.url,
      '--workflow-id',
      workflowId,
    ];
    if (runId) args.push('--run-id', runId);
    // Not execFileSync: the codec server answering the CLI runs in this very process.
    const { stdout } = await promisify(execFile)(testEnv('TEMPORAL_CLI'), args, {
      maxBuffer: 64 * 1024 * 1024,
    });
    await writeFile(path.join(HISTORIES_DIR, `${name}.json`), stdout);
  } finally {
    await codecServer.close();
  }
}
