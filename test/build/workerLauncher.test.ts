/**
 * One source of truth for the worker's Node.js flags and environment (issue 17 item 2): the image's
 * CMD, docker compose's worker, `npm run worker`, the worker processes of the tests and the fault
 * suite, and the benchmark's worker all start through bin/worker-node, so the benchmark measures
 * what ships. A probe script started each of those ways reports what Node.js runs with.
 */
import { execFile, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { benchWorkerForkOptions } from '../../bench/harness';
import { launcherEnv, WORKER_LAUNCHER_FILE, workerLauncher } from '../../src/devstack/workerLauncher';
import { execForm, readDockerfile, type Stage } from '../support/dockerfile';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** What a Node.js process runs with, as the probe reports it. */
interface Probe {
  execArgv: string[];
  mallocArenaMax?: string;
  heapLimitMb: number;
}

const probeFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'worker-launcher-')), 'probe.js');
writeFileSync(
  probeFile,
  `const v8 = require('node:v8');
const probe = {
  execArgv: process.execArgv.filter((arg) => arg.startsWith('--max-')),
  mallocArenaMax: process.env.MALLOC_ARENA_MAX,
  heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
};
if (process.send) process.send(probe, () => process.disconnect());
else process.stdout.write(JSON.stringify(probe));
`,
);

/** The environment of a process started here, without the settings' variables (their defaults apply). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== 'MALLOC_ARENA_MAX' && !name.startsWith('TIXNGO_FEEDBACK_MAX_'),
    ),
  );
}

/** Runs `words` (a command of the image, with the probe in place of the script) in this checkout. */
async function probeCommand(words: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Probe> {
  const [command = '', ...args] = words;
  const { stdout } = await run(path.join(ROOT, command), args, { cwd: ROOT, env: launcherEnv(env) });
  return JSON.parse(stdout) as Probe;
}

/** The runtime stage's CMD with the probe in place of the worker script. */
function imageWorkerCommand(): string[] {
  const runtime = readDockerfile(path.join(ROOT, 'Dockerfile')).at(-1) as Stage;
  const cmd = runtime.instructions.find((instruction) => instruction.keyword === 'CMD');
  const words = execForm(cmd?.rest ?? '[]');
  expect(words).toEqual([WORKER_LAUNCHER_FILE, 'dist/worker.js']);
  return [WORKER_LAUNCHER_FILE, probeFile];
}

describe('the worker launcher (bin/worker-node)', () => {
  it('starts the image’s worker, docker compose’s and npm run worker', () => {
    imageWorkerCommand();
    const compose = parseDocument(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
      merge: true,
    }).toJS() as { services: Record<string, { command?: string[] }> };
    expect(compose.services.worker?.command).toEqual([WORKER_LAUNCHER_FILE, 'dist/worker.js']);
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.worker).toBe(`${WORKER_LAUNCHER_FILE} --import tsx src/worker.ts`);
  });

  it('runs the image’s worker and the benchmark’s worker with the same flags and environment', async () => {
    const image = await probeCommand(imageWorkerCommand());
    const options = benchWorkerForkOptions(cleanEnv());
    expect(options.execPath).toBe(workerLauncher());
    const child = fork(probeFile, [], { ...options, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const bench = await new Promise<Probe>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Probe));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the probe exited with code ${code} before reporting`)));
    });
    expect(bench).toEqual(image);
    // The shipped defaults (BENCHMARKS.md, "Worker memory").
    expect(image.execArgv).toEqual(['--max-old-space-size=256', '--max-semi-space-size=8']);
    expect(image.mallocArenaMax).toBe('2');
  });

  it('takes each setting from its variable, which replaces the default', async () => {
    const probe = await probeCommand([WORKER_LAUNCHER_FILE, probeFile], {
      ...cleanEnv(),
      TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB: '512',
      TIXNGO_FEEDBACK_MAX_SEMI_SPACE_MB: '16',
      MALLOC_ARENA_MAX: '4',
    });
    expect(probe.execArgv).toEqual(['--max-old-space-size=512', '--max-semi-space-size=16']);
    expect(probe.mallocArenaMax).toBe('4');
    expect(probe.heapLimitMb).toBeGreaterThan(512);
  });

  it('its defaults are the ones README, the sample environment file and the worker’s --help give', async () => {
    const launcher = readFileSync(workerLauncher(), 'utf8');
    const defaultOf = (name: string): string =>
      new RegExp(`^DEFAULT_${name}=(\\d+)$`, 'm').exec(launcher)?.[1] ?? '?';
    const defaults = {
      TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB: defaultOf('MAX_OLD_SPACE_MB'),
      TIXNGO_FEEDBACK_MAX_SEMI_SPACE_MB: defaultOf('MAX_SEMI_SPACE_MB'),
      MALLOC_ARENA_MAX: defaultOf('MALLOC_ARENA_MAX'),
    };
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const sample = readFileSync(path.join(ROOT, 'deploy', 'worker.env.example'), 'utf8');
    const { stdout: help } = await run(process.execPath, ['--import', 'tsx', 'src/worker.ts', '--help'], {
      cwd: ROOT,
    });
    for (const [name, value] of Object.entries(defaults)) {
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\| .*default \`${value}\``, 'm'));
      expect(sample).toMatch(new RegExp(`^#${name}=${value}$`, 'm'));
      expect(help.replace(/\s+/g, ' ')).toContain(`${name} (default ${value})`);
    }
  });

  it.each([
    ['TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB', '256MB', 'from 64'],
    ['TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB', '32', 'from 64'],
    ['TIXNGO_FEEDBACK_MAX_SEMI_SPACE_MB', '65', 'from 1 to 64'],
    ['MALLOC_ARENA_MAX', '0', 'from 1'],
  ])('refuses %s=%s, naming the variable and its value', async (name, value, range) => {
    const failure = await probeCommand([WORKER_LAUNCHER_FILE, probeFile], {
      ...cleanEnv(),
      [name]: value,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(`${name}="${value}" is invalid: it must be a whole number ${range}.`);
  });
});
