import { spawn } from 'node:child_process';
import path from 'node:path';
import axios from 'axios';
import { simulatorControl, type SimulatorControl } from '../../src/sim/tixngo/control';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import { scenarioChanges } from '../../src/sim/tixngo/scenarios';
import { createDiffClient } from '../../src/tixngo/diffClient';
import { API_KEY, failureOf } from './harness';

describe('driving the simulator over HTTP (/__sim), as the demo and the benchmark do', () => {
  let sim: TixngoSimulator;
  let control: SimulatorControl;
  const client = () =>
    createDiffClient({
      organizerId: 'ctl',
      baseUrl: sim.url,
      diffPath: '/tickets/diff',
      authHeader: 'x-tixngo-key',
      apiKey: API_KEY,
      timeoutMs: 5_000,
      retry: { maxRetries: 0 },
    });

  beforeEach(async () => {
    sim = await startTixngoSimulator({ apiKey: API_KEY });
    control = simulatorControl(sim.url);
  });
  afterEach(async () => sim.close());

  it('appends changes, plays scenarios and generates volumes', async () => {
    expect(
      await control.appendChanges([
        { ticketId: 'X-1', status: 'INJECTED', statusChangedAt: '2026-11-23T07:00:00Z' },
      ]),
    ).toEqual({ size: 1 });
    expect(await control.playScenario('sent-back', { prefix: 'P-' })).toEqual({ added: 6, size: 7 });
    expect(await control.generate({ count: 1_000, transferShare: 0.5, seed: 3 })).toEqual({
      changes: 2_000,
      tickets: 1_000,
      transfers: 500,
      size: 2_007,
    });
    const page = await client().fetchPage(undefined, 7);
    expect(page.items.slice(1)).toEqual(scenarioChanges('sent-back', { prefix: 'P-' }));
    expect(await client().getTicket('P-BACK-1')).toMatchObject({ status: 'TRANSFERRED' });
  });

  it('sets, queues and clears faults, and counts what it served', async () => {
    await control.playScenario('download');
    expect(await control.setFaults({ duplicateRate: 1 })).toMatchObject({
      duplicateRate: 1,
      errorRate5xx: 0,
    });
    expect(await control.queueFaults(['503', '401'])).toEqual(['503', '401']);
    await expect(client().fetchPage(undefined, 10)).rejects.toMatchObject({ status: 503 });
    await expect(client().fetchPage(undefined, 10)).rejects.toMatchObject({ status: 401 });
    expect((await client().fetchPage(undefined, 10)).items).toHaveLength(4);
    await control.clearFaults();
    expect((await client().fetchPage(undefined, 10)).items).toHaveLength(2);
    expect(await control.stats()).toMatchObject({
      requests: 4,
      served: { '503': 1, '401': 1, ok: 2 },
      duplicated: 2,
      size: 2,
      pages: 2,
      itemsServed: 6,
    });
    await control.reset();
    expect(await control.stats()).toMatchObject({ requests: 0, size: 0 });
  });

  it.each([
    ['an unknown scenario', () => control.playScenario('nope' as never), /unknown scenario "nope"/],
    ['an unknown fault', () => control.queueFaults(['418' as never]), /faults\.0/],
    ['a rate above 1', () => control.setFaults({ errorRate5xx: 3 }), /errorRate5xx/],
    ['a negative count', () => control.generate({ count: -5 }), /count/],
  ])('refuses %s with a clear message', async (_name, run, message) => {
    const error = await failureOf(run());
    expect((error as Error).message).toMatch(message);
  });

  it('control needs no key, the API does', async () => {
    const answer = await axios.get(`${sim.url}/tickets/diff`, { validateStatus: () => true });
    expect(answer.status).toBe(401);
    expect((await axios.get(`${sim.url}/__sim/stats`)).status).toBe(200);
  });
});

describe('the simulator CLI', () => {
  const root = path.resolve(__dirname, '../..');

  function run(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/tixngo/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  it('--help explains the options', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/^Usage: tsx src\/sim\/tixngo\/main\.ts/);
    expect(cli.output()).toContain('--generate <count>');
  });

  it('starts on a chosen port with a scenario and a volume, serves them, and stops on SIGTERM', async () => {
    const cli = run(['--port', '0', '--scenario', 'download', '--generate', '500', '--seed', '4'], {
      TIXNGO_SIM_API_KEY: API_KEY,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const poll = setInterval(() => {
          const match = /listening on (http:\/\/\S+) with (\d+) changes/.exec(cli.output());
          if (match?.[1]) {
            clearInterval(poll);
            resolve(match[1]);
          }
        }, 50);
        void cli.exited.then(() => {
          clearInterval(poll);
          reject(new Error(`the simulator exited: ${cli.output()}`));
        });
      });
      expect(cli.output()).toContain('with 702 changes');
      expect(cli.output()).not.toContain(API_KEY);
      const answer = await axios.get(`${url}/tickets/diff?limit=5`, { headers: { 'x-tixngo-key': API_KEY } });
      expect(answer.data.result).toEqual(scenarioChanges('download').concat(answer.data.result.slice(2)));
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('refuses to start without a key', async () => {
    const cli = run(['--port', '0'], { TIXNGO_SIM_API_KEY: '' });
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('Set the API key the simulator accepts in TIXNGO_SIM_API_KEY.');
  });
});
