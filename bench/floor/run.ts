/**
 * `npm run bench:floor -- [N] [variants]`: what one child workflow costs the Temporal dev server and
 * the worker with no application work at all (BENCHMARKS.md, "The floor"). A parent starts N
 * children (100 at a time, as the hand-off does) of each shape and waits until all have closed;
 * prints children/s and CPU milliseconds per child of the server process and of this process
 * (worker + client). Shapes: empty; one local activity; one activity; a local activity, a wait for
 * a signal, another local activity (the transfer's shape); the same with two activities;
 * the transfer's shape with its three search attributes and the status upsert.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { startDevServer } from '../../src/devstack/devServer';
import { resolveTemporalCli } from '../../src/devstack/temporalBinaries';
import { createFloorWorker, measureFloor } from './measure';
import type { Variant } from './workflows';

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
  const worker = await createFloorWorker(connection, 'floor');
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  for (const variant of variants) {
    const f = await measureFloor({ client, taskQueue: 'floor', variant, children: n, serverPid: server.pid });
    console.log(
      `${variant.padEnd(10)} n=${n} ${f.seconds.toFixed(1)} s  ${f.childrenPerSecond.toFixed(1)}/s  server ${f.serverCpuMsPerChild?.toFixed(1)} ms/child  worker ${f.workerCpuMsPerChild.toFixed(1)} ms/child`,
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
