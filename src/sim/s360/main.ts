/**
 * Runs the S-360 simulator on its own (demo, docker-compose, manual checks) until SIGINT/SIGTERM.
 * The back-office page is at http://HOST:PORT/backoffice.
 */
import { startS360Simulator } from './server';

const HELP = `Usage: npm run sim:s360   (or: tsx src/sim/s360/main.ts)

Environment:
  DATABASE_URL        PostgreSQL to store into; unset: embedded PGlite in S360_SIM_DATA_DIR
  S360_SIM_DATA_DIR   embedded store's directory (default .data/s360; "memory" keeps it in memory)
  S360_SIM_SCHEMA     PostgreSQL schema (default s360)
  S360_SIM_API_KEYS   comma-separated API keys the API accepts (required)
  S360_SIM_HOST       listen address (default 127.0.0.1)
  S360_SIM_PORT       listen port (default 8360)`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const apiKeys = (process.env.S360_SIM_API_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (apiKeys.length === 0) throw new Error(`S360_SIM_API_KEYS is not set.\n\n${HELP}`);
  const dataDir = process.env.S360_SIM_DATA_DIR ?? '.data/s360';
  const port = Number(process.env.S360_SIM_PORT ?? 8360);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error('S360_SIM_PORT must be a port number.');

  const sim = await startS360Simulator({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: dataDir === 'memory' ? undefined : dataDir,
    schema: process.env.S360_SIM_SCHEMA ?? 's360',
    apiKeys,
    host: process.env.S360_SIM_HOST ?? '127.0.0.1',
    port,
  });
  console.log(`S-360 simulator on ${sim.url} (${sim.store.description}); back office: ${sim.url}/backoffice`);

  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
