/**
 * The worker process with TIXNGO_FEEDBACK_SECRETS_DIR: an organizer whose keys appear in the directory
 * after the worker started, and a key rotated in it, take effect from the next run, no restart. Its
 * runs before that fail with a message naming the variable and the file to create, never a value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { runOnce } from '../../src/client/runOnce';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { SECRETS_DIR_VARIABLE } from '../../src/config/secretsDirectory';
import { startTestStack, type TestStack } from '../support/stack';
import { at } from '../support/tickets';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../support/workerProcess';

let stack: TestStack;
let worker: WorkerProcess | undefined;
let secretsDir: string;
beforeAll(async () => {
  stack = await startTestStack('secrets-dir');
  secretsDir = mkdtempSync(path.join(os.tmpdir(), 'worker-secrets-'));
});
afterAll(async () => {
  await worker?.stop();
  await stack.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

/** The run's failure as `status` and the Web UI show it: the failure chain's messages. */
async function failureOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
  return messages.join(' <- ');
}

it('keys added to the secrets directory after start, then rotated, are read at the next run', async () => {
  const { organizerId, client } = stack;
  const taskQueue = `${stack.taskQueue}-process`;
  const configFile = writeConfigFile({
    organizers: {
      [organizerId]: { tixngo: { baseUrl: stack.tixngo.url }, s360: { baseUrl: stack.s360.url } },
    },
  });
  worker = await startWorkerProcess({
    configFile,
    taskQueue,
    secrets: {},
    env: { [SECRETS_DIR_VARIABLE]: secretsDir },
  });
  stack.tixngo.changes.append({
    ticketId: 'SD-1',
    taxNumber: '810001',
    status: 'DOWNLOADED',
    statusChangedAt: at(1),
  });

  // Not there yet: the run fails, saying which variable and which file.
  const tixngoFile = path.join(secretsDir, tixngoKeyVariable(organizerId));
  const missing = await failureOf(runOnce(client, { organizerId, taskQueue }));
  expect(missing).toContain(
    `define ${tixngoKeyVariable(organizerId)} in the worker's environment or as the file ${tixngoFile}`,
  );

  // Added while the worker runs: the next run reads them.
  writeFileSync(tixngoFile, `${stack.apiKeys.tixngo}\n`);
  writeFileSync(path.join(secretsDir, s360KeyVariable(organizerId)), `${stack.apiKeys.s360}\n`);
  const result = await runOnce(client, { organizerId, taskQueue });
  expect({ items: result.items, applied: result.applied }).toEqual({ items: 1, applied: 1 });
  expect((await stack.s360Api.getTicket('SD-1'))?.mobileStatus).toBe('DOWNLOADED');

  // Rotated to a key TIXNGO refuses: the next run uses it (and fails on it), without a restart.
  const revoked = 'revoked-tixngo-key-0123456789';
  writeFileSync(tixngoFile, revoked);
  stack.tixngo.changes.append({
    ticketId: 'SD-2',
    taxNumber: '810002',
    status: 'DOWNLOADED',
    statusChangedAt: at(2),
  });
  const refused = await failureOf(runOnce(client, { organizerId, taskQueue }));
  expect(refused).toContain(`TIXNGO refused the API key of organizer "${organizerId}"`);
  expect(refused).not.toContain(revoked);

  // No key value in the worker's output, whatever it logged.
  for (const value of [stack.apiKeys.tixngo, stack.apiKeys.s360, revoked])
    expect(worker.output()).not.toContain(value);
}, 240_000);
