/**
 * Once per test run: make sure the Temporal binaries are there, start one real `temporal server
 * start-dev` (headless, free ports, in memory, with the project's search attributes), bundle the
 * workflows once, and check PostgreSQL. Test files read what they need from the environment.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE, generateCodecKeyEntry } from '../../src/codec/keys';
import { generateTransferKeySecret, TRANSFER_KEY_SECRET_VARIABLE } from '../../src/config/transferKeySecret';
import { startDevServer, type DevServer } from '../../src/devstack/devServer';
import { resolveTemporalCli, resolveTimeSkippingServer } from '../../src/devstack/temporalBinaries';
import { buildWorkflowBundle } from '../../src/workflowBundle';
import { unsupportedNodeLine } from './nodeLine';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
  var __TEST_TMP_DIR__: string | undefined;
}

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

async function checkPostgres(url: string): Promise<void> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `The tests need PostgreSQL at DATABASE_URL=${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup(): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`[test setup] ${line}\n`);
  // On a Node.js outside engines, stop here with the fix, before any set-up can fail in its own way.
  const unsupported = unsupportedNodeLine();
  if (unsupported) throw new Error(unsupported);
  process.env.DATABASE_URL ??= DEFAULT_TEST_DATABASE_URL;
  // Payload encryption on, with a key of this run only (test workers and CLI children inherit it).
  process.env[CODEC_KEYS_VARIABLE] = generateCodecKeyEntry('test');
  process.env[CODEC_MODE_VARIABLE] = '';
  // The transfer key secret of this run (test workers, worker processes and test helpers read it).
  process.env[TRANSFER_KEY_SECRET_VARIABLE] = generateTransferKeySecret();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tixngo-feedback-test-'));
  globalThis.__TEST_TMP_DIR__ = tmp;

  const [cli] = await Promise.all([
    resolveTemporalCli({ install: true, log }),
    checkPostgres(process.env.DATABASE_URL),
  ]);
  const testServer = await resolveTimeSkippingServer({ install: true, log });
  if (testServer) process.env.TEMPORAL_TEST_SERVER = testServer.path;

  const [server, bundle] = await Promise.all([
    startDevServer({ cli: cli.path, logFile: path.join(tmp, 'temporal-dev-server.log') }),
    // Bundled as the worker bundles at start: the tests run what ships.
    buildWorkflowBundle(quietLogger()),
  ]);
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle);

  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  process.env.FEEDBACK_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEMPORAL_CLI = cli.path;
  log(`Temporal dev server ${server.address} (pid ${server.pid}, ${cli.source} CLI ${cli.path})`);
}

function quietLogger() {
  const noop = (): void => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}
