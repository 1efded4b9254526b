/**
 * The worker process refuses to start without a usable TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET (issue 13,
 * item 8): a one-line error naming the variable, never the value, before it connects.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TRANSFER_KEY_SECRET_VARIABLE } from '../../src/config/transferKeySecret';
import { workerStartFailure } from '../support/workerProcess';

function startFailure(secret: string): Promise<string> {
  return workerStartFailure({ [TRANSFER_KEY_SECRET_VARIABLE]: secret });
}

describe('the worker process and its transfer key secret', () => {
  it('is listed in the worker’s --help', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      path.join(__dirname, '../../src/worker.ts'),
      '--help',
    ]);
    expect(stdout).toContain(TRANSFER_KEY_SECRET_VARIABLE);
  });

  it('missing: stops at start with an error naming the variable, no stack trace', async () => {
    const failure = await startFailure('');
    expect(failure).toContain('worker exited early (1)');
    expect(failure).toContain(`${TRANSFER_KEY_SECRET_VARIABLE} is not set`);
    expect(failure).not.toMatch(/^\s+at /m);
  });

  it('too short: stops at start with an error that never shows the value', async () => {
    const failure = await startFailure('tiny-secret-17chr');
    expect(failure).toContain(`${TRANSFER_KEY_SECRET_VARIABLE} is too short`);
    expect(failure).not.toContain('tiny-secret-17chr');
  });
});
