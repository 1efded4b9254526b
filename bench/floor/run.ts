/**
 * `npm run bench:floor -- [N] [variants]`: what one child workflow costs the Temporal dev server and
 * the worker with no application work at all (BENCHMARKS.md, "The floor"). A parent starts N
 * children (100 at a time, as the hand-off does) of each shape and waits until all have closed;
 * prints children/s and CPU milliseconds per child of the server process and of this process
 * (worker + client). Shapes: empty; one local activity; one activity; a local activity, a wait for
 * a signal, another local activity (the transfer's shape); the same with two activities;
 * the transfer's shape with its three search attributes and the status upsert.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { startDevServer } from '../../src/devstack/devServer';
import { resolveTemporalCli } from '../../src/devstack/temporalBinaries';
import type { Variant } from './workflows';

const cpu = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

const HELP = `Usage: npm run bench:floor -- [N] [variants]
  N          children per shape (default 500)
  variants   comma-separated, default empty,local1,act1,wait-local,wait-act2,wait-local-sa`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const n = Number(process.argv[2] ?? 500);
  const variants = (process.argv[3] ?? 'empty,local1,act1,wait-local,wait-act2,wait-local-sa').split(
    ',',
  ) as Variant[];
  const cli = await resolveTemporalCli();
  const server = await startDevServer({ cli: cli.path });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection,
    taskQueue: 'floor',
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    activities: { noop: async (x: { n: number }) => x },
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  for (const variant of variants) {
    const prefix = `${variant}-${Date.now()}`;
    const s0 = cpu(server.pid);
    const w0 = process.cpuUsage();
    const t0 = Date.now();
    await client.workflow.execute('floorParent', {
      taskQueue: 'floor',
      workflowId: `parent-${prefix}`,
      args: [variant, n, prefix, 100],
    });
    // Until every child has closed.
    for (;;) {
      const c = await client.workflow.count(
        `WorkflowId STARTS_WITH "${prefix}" AND ExecutionStatus = "Running"`,
      );
      if (c.count === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const secs = (Date.now() - t0) / 1000;
    const wc = process.cpuUsage(w0);
    const s = cpu(server.pid) - s0;
    console.log(
      `${variant.padEnd(10)} n=${n} ${secs.toFixed(1)} s  ${(n / secs).toFixed(1)}/s  server ${((s / n) * 1000).toFixed(1)} ms/child  worker ${(((wc.user + wc.system) / 1e6 / n) * 1000).toFixed(1)} ms/child`,
    );
  }
  worker.shutdown();
  await running;
  await connection.close();
  await server.stop();
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
