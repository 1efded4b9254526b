/**
 * One floor measurement (BENCHMARKS.md, "The floor"): a trivial parent starts `children` children of
 * one shape (100 at a time, as the hand-off does) on a worker of this process, and the time until
 * all have closed gives children/s; CPU ms per child of the server process and of this process.
 * Used by `npm run bench:floor` and by the benchmark, which prints transfers/s against it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Variant } from './workflows';

export interface FloorFigures {
  variant: Variant;
  children: number;
  seconds: number;
  childrenPerSecond: number;
  /** CPU ms per child: the server (when its pid is known) and this process (worker + client). */
  serverCpuMsPerChild?: number;
  workerCpuMsPerChild: number;
}

/** The open-wait-close child: local activity, wait for a signal, local activity (the transfer's shape). */
export const OPEN_WAIT_CLOSE: Variant = 'wait-local';

const cpu = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

const round = (value: number): number => Number(value.toFixed(1));

/** A worker of the floor's workflows on `taskQueue` (bundled here, no application code). */
export function createFloorWorker(connection: NativeConnection, taskQueue: string, namespace?: string) {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    activities: { noop: async (x: { n: number }) => x },
  });
}

/** Runs `children` children of `variant` on a running floor worker's task queue; resolves once all closed. */
export async function measureFloor(options: {
  client: Client;
  taskQueue: string;
  variant: Variant;
  children: number;
  serverPid?: number;
}): Promise<FloorFigures> {
  const { client, variant, children } = options;
  const prefix = `${variant}-${Date.now()}`;
  const s0 = options.serverPid === undefined ? 0 : cpu(options.serverPid);
  const w0 = process.cpuUsage();
  const t0 = Date.now();
  await client.workflow.execute('floorParent', {
    taskQueue: options.taskQueue,
    workflowId: `parent-${prefix}`,
    args: [variant, children, prefix, 100],
  });
  // Until every child has closed.
  for (;;) {
    const { count } = await client.workflow.count(
      `WorkflowId STARTS_WITH "${prefix}" AND ExecutionStatus = "Running"`,
    );
    if (count === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (Date.now() - t0) / 1000;
  const w = process.cpuUsage(w0);
  return {
    variant,
    children,
    seconds: round(seconds),
    childrenPerSecond: round(children / seconds),
    serverCpuMsPerChild:
      options.serverPid === undefined ? undefined : round(((cpu(options.serverPid) - s0) / children) * 1000),
    workerCpuMsPerChild: round(((w.user + w.system) / 1e6 / children) * 1000),
  };
}
