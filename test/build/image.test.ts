/**
 * The image, as far as this machine can check it without a Docker engine (issue 16): the Dockerfile's
 * build stage's steps run here (its COPY sources into a fresh directory, `npm run build`; the
 * dependencies `npm ci` would install are linked from this checkout), then the runtime stage's CMD
 * (the compiled worker, which loads the prebuilt workflow bundle) completes a feedback run on the
 * test Temporal server, and its HEALTHCHECK follows the worker's metrics endpoint.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { carryOver } from '../../src/client/scheduleOrganizer';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { freePort } from '../../src/devstack/freePort';
import { WORKER_LAUNCHER_FILE } from '../../src/devstack/workerLauncher';
import { startWorkerProcess, writeConfigFile, type WorkerProcess } from '../../src/devstack/workerProcess';
import { WORKFLOW_BUNDLE_VARIABLE } from '../../src/worker';
import { PREBUILT_BUNDLE_FILE } from '../../src/workflowBundle';
import type { FeedbackRunResult } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import {
  copyArguments,
  execForm,
  healthcheckCommand,
  readDockerfile,
  type Instruction,
  type Stage,
} from '../support/dockerfile';
import { testEnv } from '../support/env';
import { packagesRequiredBy } from '../support/requiredPackages';
import { startTestStack, statusOf, type TestStack } from '../support/stack';
import { at } from '../support/tickets';

const ROOT = path.resolve(__dirname, '../..');
const stages = readDockerfile(path.join(ROOT, 'Dockerfile'));
const buildStage = stageNamed('build');
const runtimeStage = stages.at(-1) as Stage;
/** The image's WORKDIR, here: a fresh directory with what the build stage copies. */
const app = path.join(mkdtempSync(path.join(os.tmpdir(), 'tixngo-feedback-image-')), 'app');

function stageNamed(name: string): Stage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage "${name}"`);
  return stage;
}

function only(stage: Stage, keyword: string): Instruction {
  const found = stage.instructions.filter((instruction) => instruction.keyword === keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword} in stage ${stage.name ?? stage.image}`);
  return found[0] as Instruction;
}

/**
 * A command of the image (`node dist/…`, or the worker's `bin/worker-node dist/…`, in the WORKDIR)
 * as its script here and its arguments: run with this test's node, or through the launcher.
 */
function imageCommand(words: string[]): string[] {
  expect(['node', WORKER_LAUNCHER_FILE]).toContain(words[0]);
  return [path.join(app, words[1] ?? ''), ...words.slice(2)];
}

beforeAll(async () => {
  // Build stage: its COPY sources (none from another stage) into the fresh directory, in order.
  for (const instruction of buildStage.instructions.filter((entry) => entry.keyword === 'COPY')) {
    const { from, sources, destination } = copyArguments(instruction);
    expect(from).toBeUndefined();
    for (const source of sources) {
      const target = destination.endsWith('/')
        ? path.join(app, destination, source)
        : path.join(app, destination);
      cpSync(path.join(ROOT, source), target, { recursive: true });
    }
  }
  const runs = buildStage.instructions.filter((entry) => entry.keyword === 'RUN').map((entry) => entry.rest);
  // `npm ci` installs the lock's dependencies: this checkout's, linked; `npm prune` would empty them.
  expect(runs).toEqual(['npm ci', 'npm run build', 'npm prune --omit=dev']);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  await promisify(execFile)('npm', ['run', 'build'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
}, 600_000);

afterAll(() => rmSync(path.dirname(app), { recursive: true, force: true }));

describe('the image', () => {
  it('runs compiled JavaScript only, and its processes need only production dependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // The runtime stage takes the build's package.json, pruned node_modules and dist/, nothing else.
    const copied = runtimeStage.instructions.filter((entry) => entry.keyword === 'COPY').map(copyArguments);
    expect(copied.map((copy) => [copy.from, ...copy.sources])).toEqual([
      ['build', '/app/package.json'],
      ['build', '/app/node_modules'],
      ['build', '/app/dist'],
      [undefined, WORKER_LAUNCHER_FILE],
    ]);
    // The worker starts through the launcher, copied where its CMD names it (test/build/workerLauncher.test.ts).
    expect(execForm(only(runtimeStage, 'CMD').rest)[0]).toBe(WORKER_LAUNCHER_FILE);
    expect(copied.at(-1)?.destination).toBe(`./${WORKER_LAUNCHER_FILE}`);
    expect(only(runtimeStage, 'USER').rest).toBe('node');

    // Every process: the image's CMD and HEALTHCHECK, and each command of docker-compose.yml on the image.
    const compose = parseDocument(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
      merge: true,
    }).toJS() as { services: Record<string, { image?: string; build?: string; command?: string[] }> };
    const onImage = Object.entries(compose.services).filter(([, service]) => service.build === '.');
    expect(onImage.map(([name]) => name).sort()).toEqual(['codec-server', 's360', 'tixngo', 'worker']);
    const commands = [
      execForm(only(runtimeStage, 'CMD').rest),
      healthcheckCommand(only(runtimeStage, 'HEALTHCHECK')),
      ...onImage.map(([, service]) => service.command ?? []),
    ];
    const entries = commands.map((command) => imageCommand(command)[0] ?? '');
    for (const entry of entries) expect(existsSync(entry)).toBe(true);

    const devOnly = [...packagesRequiredBy(entries)].filter(([name]) => !(name in manifest.dependencies));
    expect(devOnly).toEqual([]);
  });

  describe('the compiled worker with the prebuilt workflow bundle', () => {
    let stack: TestStack;
    let worker: WorkerProcess | undefined;
    beforeAll(async () => {
      stack = await startTestStack('image');
    });
    afterAll(async () => {
      await worker?.stop();
      await stack.stop();
    });

    function healthcheck(metricsPort: number): number | null {
      const [script = '', ...args] = imageCommand(healthcheckCommand(only(runtimeStage, 'HEALTHCHECK')));
      return spawnSync(process.execPath, [script, ...args], {
        cwd: app,
        env: { ...process.env, METRICS_PORT: String(metricsPort) },
        stdio: 'ignore',
      }).status;
    }

    it('completes a feedback run on the Temporal server, healthy while it serves its metrics', async () => {
      const { organizerId } = stack;
      const taskQueue = `${stack.taskQueue}-compiled`;
      const metricsPort = await freePort();
      const [compiledWorker = ''] = imageCommand(execForm(only(runtimeStage, 'CMD').rest));
      worker = await startWorkerProcess({
        compiledWorker,
        address: testEnv('TEMPORAL_ADDRESS'),
        taskQueue,
        configFile: writeConfigFile({
          organizers: {
            [organizerId]: { tixngo: { baseUrl: stack.tixngo.url }, s360: { baseUrl: stack.s360.url } },
          },
        }),
        secrets: {
          [tixngoKeyVariable(organizerId)]: stack.apiKeys.tixngo,
          [s360KeyVariable(organizerId)]: stack.apiKeys.s360,
        },
        // No bundle named: the worker takes the one the build wrote next to it.
        env: { [WORKFLOW_BUNDLE_VARIABLE]: '', METRICS_PORT: String(metricsPort) },
      });
      const started = worker
        .output()
        .split('\n')
        .map((line) =>
          line.startsWith('{') ? (JSON.parse(line) as { msg?: string; workflows?: string }) : {},
        )
        .find((line) => line.msg === 'tixngo-feedback worker started');
      expect(started?.workflows).toBe(path.join(app, 'dist', PREBUILT_BUNDLE_FILE));

      stack.tixngo.changes.append(
        { ticketId: 'IMG-1', taxNumber: '810001', status: 'DOWNLOADED', statusChangedAt: at(1) },
        { ticketId: 'IMG-2', taxNumber: '810002', status: 'BT_ACTIVATED', statusChangedAt: at(2) },
        { ticketId: 'IMG-3', taxNumber: '810003', status: 'ASSIGNED', statusChangedAt: at(3) },
      );
      const result = (await stack.client.workflow.execute('feedbackWorkflow', {
        workflowId: feedbackWorkflowId(organizerId),
        taskQueue,
        args: [await carryOver(stack.client, organizerId)],
      })) as FeedbackRunResult;
      expect({ items: result.items, applied: result.applied, rejected: result.rejected }).toEqual({
        items: 3,
        applied: 3,
        rejected: 0,
      });
      expect(await Promise.all(['IMG-1', 'IMG-2', 'IMG-3'].map((id) => statusOf(stack, id)))).toEqual([
        'DOWNLOADED',
        'BT_ACTIVATED',
        'ASSIGNED',
      ]);

      expect(healthcheck(metricsPort)).toBe(0);
      await worker.stop();
      expect(healthcheck(metricsPort)).toBe(1);
    });
  });
});
