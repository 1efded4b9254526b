/**
 * Starts the TIXNGO simulator on a chosen port, for the demo, the benchmark or a manual try:
 *   tsx src/sim/tixngo/main.ts --port 4010 --scenario event-day
 *   tsx src/sim/tixngo/main.ts --port 4010 --generate 100000 --transfer-share 0.2 --seed 7
 * The API key comes from --api-key-env (default TIXNGO_SIM_API_KEY); it is never printed.
 */
import { parseArgs } from 'node:util';
import { FaultPlan } from './faults';
import { isScenarioName, SCENARIO_NAMES } from './scenarios';
import { startTixngoSimulator } from './server';

const HELP = `Usage: tsx src/sim/tixngo/main.ts [options]

Starts a TIXNGO diff endpoint simulator over HTTP.

Options:
  --port <n>              port to listen on (default 4010; 0 = any free port)
  --host <host>           interface to bind (default 127.0.0.1)
  --api-key-env <name>    environment variable holding the accepted API key (default TIXNGO_SIM_API_KEY)
  --auth-header <name>    header carrying the key (default x-tixngo-key)
  --diff-path <path>      path of the diff endpoint (default /tickets/diff)
  --ticket-path <path>    path of one ticket, {ticketId} marks the id (default /tickets/{ticketId})
  --scenario <name>       play a scripted scenario (repeatable): ${SCENARIO_NAMES.join(', ')}
  --generate <count>      generate a volume of tickets
  --transfer-share <0..1> share of generated tickets transferred (default 0.2)
  --seed <n>              seed of the generator and of the faults (default 1)
  --faults <json>         fault plan, e.g. '{"errorRate5xx":0.05,"rate429":0.02,"malformedRate":0.001}'
  --help                  show this help

Control while running (no key needed): POST /__sim/changes, /__sim/scenario, /__sim/generate,
PUT /__sim/faults, POST /__sim/faults/next, DELETE /__sim/faults, GET /__sim/stats, POST /__sim/reset.
See docs/tixngo-diff.md.
`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key-env': { type: 'string', default: 'TIXNGO_SIM_API_KEY' },
      'auth-header': { type: 'string' },
      'diff-path': { type: 'string' },
      'ticket-path': { type: 'string' },
      scenario: { type: 'string', multiple: true },
      generate: { type: 'string' },
      'transfer-share': { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '1' },
      faults: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const keyVariable = values['api-key-env'];
  const apiKey = process.env[keyVariable];
  if (!apiKey) throw new Error(`Set the API key the simulator accepts in ${keyVariable}.`);
  const seed = Number(values.seed);
  const faults = FaultPlan.parse({ seed, ...(values.faults ? (JSON.parse(values.faults) as object) : {}) });
  for (const name of values.scenario ?? []) {
    if (!isScenarioName(name))
      throw new Error(`Unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')}).`);
  }

  const sim = await startTixngoSimulator({
    apiKey,
    host: values.host,
    port: Number(values.port),
    authHeader: values['auth-header'],
    diffPath: values['diff-path'],
    ticketPath: values['ticket-path'],
    faults,
  });
  for (const name of values.scenario ?? []) sim.playScenario(name);
  if (values.generate) {
    sim.generate({ count: Number(values.generate), transferShare: Number(values['transfer-share']), seed });
  }
  process.stdout.write(
    `TIXNGO simulator listening on ${sim.url} with ${sim.changes.size} changes (key from ${keyVariable})\n`,
  );

  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  process.exit(2);
});
