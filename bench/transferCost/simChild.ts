/**
 * The S-360 simulator in a process of its own for bench/transferCost: it counts the SQL statements
 * it sends to PostgreSQL (BEGIN and COMMIT included) and tells them on request (IPC).
 */
import { Client } from 'pg';
import { startS360Simulator } from '../../src/sim/s360/server';

const counts = { sql: 0 };
const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function counted(this: Client, ...args: unknown[]) {
  counts.sql += 1;
  return query.apply(this, args);
} as typeof Client.prototype.query;

async function main(): Promise<void> {
  const sim = await startS360Simulator({
    databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
    schema: process.env.S360_SIM_SCHEMA ?? 'bench_transfer_cost',
    apiKeys: ['bench-s360-key'],
  });
  process.on('message', (message: unknown) => {
    if (message === 'counts') process.send?.({ counts: { ...counts } });
    if (message === 'stop') void sim.close({ dropSchema: true }).then(() => process.exit(0));
  });
  // The bench gone (killed), this process goes too.
  process.on('disconnect', () => void sim.close({ dropSchema: true }).finally(() => process.exit(0)));
  process.send?.({ url: sim.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
