import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { testEnv } from './env';

export const HISTORIES_DIR = path.join(__dirname, '../replay/histories');

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history (as `temporal workflow show
 * --output json` writes it) as a replay fixture: test/replay/histories/<name>.json. Re-record only
 * when a change is meant to be incompatible and is guarded by patched(); otherwise the replay test
 * must keep passing on the old files.
 */
export async function recordHistory(name: string, workflowId: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const args = [
    'workflow',
    'show',
    '--output',
    'json',
    '--address',
    testEnv('TEMPORAL_ADDRESS'),
    '--workflow-id',
    workflowId,
  ];
  if (runId) args.push('--run-id', runId);
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), execFileSync(testEnv('TEMPORAL_CLI'), args));
}
