/**
 * bin/worker-node, the one place the worker's Node.js flags and environment are set (V8 heap
 * limits, glibc arenas; BENCHMARKS.md "Worker memory"): the image's CMD, `npm run worker`, the
 * worker processes of the tests and the fault suite, and the benchmarks' worker all start through it.
 */
import path from 'node:path';
import { projectRoot } from './projectRoot';

/** The launcher, relative to the project (and to the image's WORKDIR). */
export const WORKER_LAUNCHER_FILE = 'bin/worker-node';

/** The launcher's absolute path in this checkout. */
export function workerLauncher(): string {
  return path.join(projectRoot(), WORKER_LAUNCHER_FILE);
}

/**
 * The environment to start the launcher with: `env`, with the directory of this Node.js first on
 * PATH, so that the `node` the launcher runs is the one running this process.
 */
export function launcherEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dir = path.dirname(process.execPath);
  return { ...env, PATH: [dir, env.PATH].filter(Boolean).join(path.delimiter) };
}
