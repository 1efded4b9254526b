/**
 * One fault's own parts: a TIXNGO simulator, an S-360 simulator (own PostgreSQL schema) behind a
 * proxy that can make it unreachable, a Temporal client, and worker processes on an own task queue.
 */
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { completedOrContinuedRuns } from './runs';
import { dataConverterFromEnv } from '../../src/codec/dataConverter';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { startDelayProxy, type DelayProxy } from '../../src/devstack/delayProxy';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../../src/devstack/workerProcess';
import type { OrganizerSettingsInput } from '../../src/domain/settings';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import type { FaultPlanInput } from '../../src/sim/tixngo/faults';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import type { ActualState } from './checker';
import type { Violation } from '../../src/sim/s360/invariants';
import { checkS360Invariants } from '../../src/sim/s360/stateReader';
import { malform } from '../../src/sim/tixngo/faults';
import { randomBytes } from 'node:crypto';

export interface SuiteEnv {
  /** Temporal frontend of the suite's shared dev server. */
  address: string;
  workflowBundle: string;
  databaseUrl: string;
}

export interface FaultStack {
  organizerId: string;
  taskQueue: string;
  schema: string;
  tixngo: TixngoSimulator;
  s360: S360Simulator;
  /** The S-360 address the worker uses. */
  proxy: DelayProxy;
  /** The TIXNGO address the worker uses (a proxy that can hold its requests). */
  tixngoProxy: DelayProxy;
  /** PostgreSQL, for checks beyond tickets and lines (contacts). */
  pg: PgClient;
  client: Client;
  /** Starts one more worker process (killed at stop()). */
  startWorker(): Promise<WorkerProcess>;
  readState(): Promise<ActualState>;
  /** Every S-360 invariant violation (src/sim/s360/invariants.ts), judged on the changes TIXNGO served. */
  violations(): Promise<Violation[]>;
  /** The organizer's closed runs with their results, oldest first. */
  runs(): ReturnType<typeof completedOrContinuedRuns>;
  stop(): Promise<void>;
}

export type FaultSettings = Omit<OrganizerSettingsInput, 's360' | 'tixngo'> & {
  tixngo?: Omit<NonNullable<OrganizerSettingsInput['tixngo']>, 'baseUrl'>;
};

export async function startFaultStack(
  env: SuiteEnv,
  options: { name: string; settings?: FaultSettings; faults?: FaultPlanInput },
): Promise<FaultStack> {
  const suffix = randomBytes(4).toString('hex');
  const organizerId = `fault-${options.name}-${suffix}`;
  const taskQueue = `faults-${organizerId}`;
  const schema = `faults_${options.name.replace(/[^a-z0-9]/g, '_')}_${suffix}`;
  const keys = { tixngo: `tixngo-key-${suffix}`, s360: `s360-key-${suffix}` };
  const cleanups: (() => Promise<unknown>)[] = [];
  const workers: WorkerProcess[] = [];
  try {
    const tixngo = await startTixngoSimulator({ apiKey: keys.tixngo, faults: options.faults });
    cleanups.push(() => tixngo.close());
    const s360 = await startS360Simulator({ databaseUrl: env.databaseUrl, schema, apiKeys: [keys.s360] });
    cleanups.push(() => s360.close({ dropSchema: true }));
    const proxy = await startDelayProxy(s360.url);
    cleanups.push(() => proxy.close());
    const tixngoProxy = await startDelayProxy(tixngo.url);
    cleanups.push(() => tixngoProxy.close());
    const connection = await Connection.connect({ address: env.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, dataConverter: dataConverterFromEnv().dataConverter });
    const pg = new PgClient({ connectionString: env.databaseUrl });
    await pg.connect();
    cleanups.push(() => pg.end());

    const { tixngo: tixngoSettings, ...settings } = options.settings ?? {};
    const configFile = writeConfigFile({
      organizers: {
        [organizerId]: {
          ...settings,
          tixngo: { ...tixngoSettings, baseUrl: tixngoProxy.url },
          s360: { baseUrl: proxy.url },
        },
      },
    });
    const secrets = {
      [tixngoKeyVariable(organizerId)]: keys.tixngo,
      [s360KeyVariable(organizerId)]: keys.s360,
    };

    return {
      organizerId,
      taskQueue,
      schema,
      tixngo,
      s360,
      proxy,
      tixngoProxy,
      pg,
      client,
      async startWorker() {
        const worker = await startWorkerProcess({
          configFile,
          taskQueue,
          secrets,
          address: env.address,
          workflowBundle: env.workflowBundle,
        });
        workers.push(worker);
        return worker;
      },
      async readState() {
        const tickets = await pg.query<{
          ticket_id: string;
          mobile_status: string | null;
          status_changed_at: Date | null;
          status_history: { status: string; at: string }[];
        }>(`SELECT ticket_id, mobile_status, status_changed_at, status_history FROM ${schema}.tickets`);
        const lines = await pg.query<{ ticket_id: string; transfer_id: string | null; status: string }>(
          `SELECT ticket_id, transfer_id, status FROM ${schema}.distribution_lines`,
        );
        return {
          tickets: tickets.rows.map((row) => ({
            ticketId: row.ticket_id,
            mobileStatus: row.mobile_status,
            statusChangedAt: row.status_changed_at?.toISOString() ?? null,
            statusHistory: row.status_history,
          })),
          lines: lines.rows.map((row) => ({
            ticketId: row.ticket_id,
            transferId: row.transfer_id,
            status: row.status,
          })),
        };
      },
      violations: () => checkS360Invariants(s360.url, { steps: servedChanges(tixngo) }),
      runs: () => completedOrContinuedRuns(client, organizerId),
      async stop() {
        await Promise.all(workers.map((worker) => worker.kill()));
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      },
    };
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.kill()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
}

/** The simulator's changes as it serves them (a change the fault plan malforms, malformed). */
export function servedChanges(tixngo: TixngoSimulator): unknown[] {
  const { seed } = tixngo.faults.current;
  const served: unknown[] = [];
  for (let index = 0; index < tixngo.changes.size; index += 1) {
    const item = tixngo.changes.at(index);
    served.push(tixngo.faults.forItem(index, 'malformed') ? malform(item, index, seed) : item);
  }
  return served;
}
