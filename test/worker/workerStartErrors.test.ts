/**
 * The worker process stops at start with one line that says what is wrong and what to set: an
 * unreachable Temporal (not the gRPC transport's raw error) and an unusable secrets directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SECRETS_DIR_VARIABLE } from '../../src/config/secretsDirectory';
import { workerStartFailure } from '../support/workerProcess';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'worker-start-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the worker process stops at start with a readable cause', () => {
  it('Temporal unreachable: names the address and the variables to check', async () => {
    const failure = await workerStartFailure({}, '127.0.0.1:1');
    expect(failure).toContain('worker exited early (1)');
    expect(failure).toContain('Cannot reach Temporal at 127.0.0.1:1');
    expect(failure).toContain('Set TEMPORAL_ADDRESS');
    expect(failure).not.toMatch(/^\s+at /m);
  });

  it(`${SECRETS_DIR_VARIABLE} not a directory: names the variable and its value, before connecting`, async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, 'not a directory');
    const failure = await workerStartFailure({ [SECRETS_DIR_VARIABLE]: file });
    expect(failure).toContain(`${SECRETS_DIR_VARIABLE}=${JSON.stringify(file)} is not a directory`);
    expect(failure).not.toMatch(/^\s+at /m);
  });
});
