/**
 * Starts `temporal server start-dev` as a child process and makes sure it never outlives us:
 * stop() ends it, and a detached watchdog kills it if this process dies without calling stop()
 * (a crash, SIGKILL, an interrupted test run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';
import { freePort } from './freePort';

export interface DevServerOptions {
  /** Path of the `temporal` CLI (see resolveTemporalCli). */
  cli: string;
  ip?: string;
  /** gRPC port; a free one by default. */
  port?: number;
  /** Web UI port; with `ui: true` a free one by default. */
  uiPort?: number;
  ui?: boolean;
  /** SQLite file to keep state across restarts; in memory by default. */
  dbFilename?: string;
  namespace?: string;
  /** Remote codec endpoint the Web UI uses to decode payloads. */
  uiCodecEndpoint?: string;
  /** Where the server's own log goes; discarded by default. */
  logFile?: string;
  startTimeoutMs?: number;
  /**
   * Dynamic configuration values (`--dynamic-config-value KEY=JSON`), e.g.
   * `{ 'system.enableActivityEagerExecution': true }`; keys are the server's dynamic config keys.
   */
  dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** The server's Prometheus metrics (`action`, `persistence_requests`, …). */
  metricsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

const searchAttributeArgs = (): string[] =>
  CUSTOM_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${key.type}`]);

/**
 * `temporal server start-dev` arguments for dynamic config values: `--dynamic-config-value KEY=VALUE`
 * per key, the value as JSON (the CLI parses it so: `true`, `5`, `"text"`).
 */
export function dynamicConfigArgs(values: Readonly<Record<string, string | number | boolean>>): string[] {
  return Object.entries(values).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

function startWatchdog(serverPid: number): void {
  // Polls our pid; when we are gone, ends the server (TERM, then KILL). Detached so it survives us.
  const script =
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; ' +
    'kill "$2" 2>/dev/null; sleep 5; kill -9 "$2" 2>/dev/null; exit 0';
  const watchdog = spawn('sh', ['-c', script, 'temporal-watchdog', String(process.pid), String(serverPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `temporal server start-dev exited with code ${child.exitCode} before serving ${address}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(
    `temporal server start-dev did not serve ${address} within ${timeoutMs} ms: ${(lastError as Error)?.message}`,
  );
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? (await freePort(ip));
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  const metricsPort = await freePort(ip);
  args.push('--http-port', String(await freePort(ip)), '--metrics-port', String(metricsPort));
  let uiUrl: string | undefined;
  if (options.ui) {
    const uiPort = options.uiPort ?? (await freePort(ip));
    args.push('--ui-port', String(uiPort), '--ui-ip', ip);
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
    uiUrl = `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${uiPort}`;
  } else {
    args.push('--headless');
  }
  if (options.dbFilename) {
    mkdirSync(path.dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  args.push(...searchAttributeArgs());
  args.push(...dynamicConfigArgs(options.dynamicConfig ?? {}));

  const child = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  if (child.pid === undefined) throw new Error(`Could not start ${options.cli}`);
  startWatchdog(child.pid);

  const address = `${ip}:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };
  try {
    await waitUntilServing(address, child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const metricsUrl = `http://${ip === '0.0.0.0' ? '127.0.0.1' : ip}:${metricsPort}/metrics`;
  return { address, namespace, uiUrl, metricsUrl, pid: child.pid, stop };
}
