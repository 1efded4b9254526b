/**
 * What one transfer costs the application, without Temporal (issue 17 item 3): CPU of the caller (the
 * very openTransfer / closeTransfer the activities run, over the production HTTP gateway), of the
 * S-360 simulator (a process of its own) and of its PostgreSQL backends, with the HTTP calls and
 * SQL statements per transfer. Pages are applied first (not measured); then every transfer step of
 * the generated volume is run as the bare loop runs it (page by page, N transfers at once).
 *
 *   npm run bench:transfer-cost -- [--items 10000] [--transfers 0.1] [--concurrency 8] [--seed 1]
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { applyDiffItems } from '../../src/activities/applyDiffItems';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { generateTransferKeySecret } from '../../src/config/transferKeySecret';
import type { TransferEvent } from '../../src/domain/transferEvent';
import type { S360Gateway } from '../../src/s360/gateway';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { startTixngoSimulator } from '../../src/sim/tixngo/server';
import { createDiffClient } from '../../src/tixngo/diffClient';
import { volumeFor } from '../harness';
import { runTransferSteps, transferStepper } from '../transferSteps';

const TIXNGO_KEY = 'bench-tixngo-key';
const S360_KEY = 'bench-s360-key';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number`);
  return value;
}

/** CPU ms (user + system) of a process, from /proc; undefined once it is gone. */
function cpuMs(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Counts each gateway method call (one method call = one HTTP request). */
function counting(gateway: S360Gateway, calls: Map<string, number>): S360Gateway {
  return new Proxy(gateway, {
    get(target, name: string) {
      const method = (target as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
      if (typeof method !== 'function') return method;
      return (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return method.apply(target, args);
      };
    },
  });
}

async function main(): Promise<void> {
  const items = option('items', 10_000);
  const share = option('transfers', 0.1);
  const concurrency = option('concurrency', 8);
  const seed = option('seed', 1);
  const organizerId = `cost-${process.pid}`;
  const appName = `bench-transfer-cost-${process.pid}`;

  const tixngo = await startTixngoSimulator({ apiKey: TIXNGO_KEY });
  const child = fork(path.join(__dirname, 'simChild.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, PGAPPNAME: appName, S360_SIM_SCHEMA: `bench_cost_${process.pid}` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(message: string, key: string): Promise<T> =>
    new Promise((resolve) => {
      const listener = (reply: Record<string, unknown>) => {
        if (key in reply) {
          child.off('message', listener);
          resolve(reply[key] as T);
        }
      };
      child.on('message', listener);
      if (message) child.send(message);
    });
  const s360Url = await ask<string>('', 'url');
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  const backendCpu = new Map<number, { first: number; last: number }>();
  const sampleBackends = async (): Promise<void> => {
    const { rows } = await pg.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [appName],
    );
    for (const { pid } of rows) {
      const now = cpuMs(pid);
      if (now === undefined) continue;
      const seen = backendCpu.get(pid);
      if (seen) seen.last = now;
      else backendCpu.set(pid, { first: now, last: now });
    }
  };
  try {
    const volume = volumeFor(items, share);
    const generated = tixngo.generate({ count: volume.tickets, ...volume, seed });
    const calls = new Map<string, number>();
    const s360 = counting(
      createHttpS360Gateway({ organizerId, baseUrl: s360Url, apiKey: S360_KEY, timeoutMs: 60_000 }),
      calls,
    );
    const diff = createDiffClient({
      organizerId,
      baseUrl: tixngo.url,
      diffPath: '/tickets/diff',
      authHeader: 'x-tixngo-key',
      apiKey: TIXNGO_KEY,
      timeoutMs: 60_000,
    });
    const transferKeys = createTransferKeyer(generateTransferKeySecret());
    const pages: TransferEvent[][] = [];
    let key: string | undefined;
    for (;;) {
      const page = await diff.fetchPage(key, 1000);
      const summary = await applyDiffItems(s360, page.items, {
        organizerId,
        skipTickets: [],
        strict: false,
        distributionEnabled: true,
        transferKeys,
        openRejectionTicketIds: [],
        resumeToken: `cost:${key ?? ''}`,
      });
      pages.push(summary.transfers);
      key = page.nextPageKey ?? key;
      if (page.nextPageKey === null || page.items.length < 1000) break;
    }
    calls.clear();

    const { step, counts } = transferStepper(s360);

    await sampleBackends();
    const sqlBefore = (await ask<{ sql: number }>('counts', 'counts')).sql;
    const simBefore = cpuMs(child.pid as number) ?? 0;
    const selfBefore = process.cpuUsage();
    const started = Date.now();
    const sampler = setInterval(() => void sampleBackends(), 250);
    for (const events of pages) {
      await runTransferSteps(step, events, concurrency);
    }
    const wallMs = Date.now() - started;
    const self = process.cpuUsage(selfBefore);
    const simMs = (cpuMs(child.pid as number) ?? 0) - simBefore;
    clearInterval(sampler);
    await sampleBackends();
    const sql = (await ask<{ sql: number }>('counts', 'counts')).sql - sqlBefore - 1; // minus a sample
    const pgMs = [...backendCpu.values()].reduce((sum, { first, last }) => sum + last - first, 0);
    const { settled } = counts;
    const per = (value: number) => Math.round((value / settled) * 100) / 100;
    const httpCalls = [...calls.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      JSON.stringify(
        {
          items,
          transfers: generated.transfers,
          settled,
          wallSeconds: wallMs / 1000,
          perTransfer: {
            callerCpuMs: per((self.user + self.system) / 1000),
            simulatorCpuMs: per(simMs),
            postgresCpuMs: per(pgMs),
            httpCalls: per(httpCalls),
            sqlStatements: per(sql),
          },
          httpCallsByMethod: Object.fromEntries([...calls].map(([name, n]) => [name, per(n)])),
          postgresBackends: backendCpu.size,
        },
        null,
        2,
      ),
    );
  } finally {
    await pg.end();
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    await tixngo.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
