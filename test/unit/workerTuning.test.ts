import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompiledWorkerOptions } from '@temporalio/worker';
import {
  DEFAULT_MAX_CACHED_WORKFLOWS,
  effectiveWorkerTuning,
  MAX_CACHED_WORKFLOWS_VARIABLE as CACHE,
  MAX_CONCURRENT_ACTIVITIES_VARIABLE as ACTIVITIES,
  MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE as WORKFLOW_TASKS,
  WORKER_TUNING_VARIABLES,
  workerTuningFromEnv,
  workerTuningVariablesHelp,
  WorkerTuningError,
} from '../../src/config/workerTuning';

const root = path.join(__dirname, '..', '..');

function refusal(env: NodeJS.ProcessEnv): WorkerTuningError {
  try {
    workerTuningFromEnv(env);
  } catch (error) {
    if (error instanceof WorkerTuningError) return error;
    throw error;
  }
  throw new Error(`workerTuningFromEnv accepted ${JSON.stringify(env)}`);
}

describe('worker tuning from the environment', () => {
  it("unset: Temporal's defaults, except a bounded workflow cache", () => {
    expect(workerTuningFromEnv({})).toEqual({ maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS });
    expect(DEFAULT_MAX_CACHED_WORKFLOWS).toBe(500);
  });

  it('blank values count as unset (docker compose passes `${VAR:-}` through empty)', () => {
    expect(workerTuningFromEnv({ [CACHE]: '', [WORKFLOW_TASKS]: '  ', [ACTIVITIES]: '' })).toEqual({
      maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
    });
  });

  it('maps each variable to its Temporal worker option, surrounding blanks ignored', () => {
    expect(workerTuningFromEnv({ [CACHE]: ' 2000 ', [WORKFLOW_TASKS]: '80', [ACTIVITIES]: '25' })).toEqual({
      maxCachedWorkflows: 2000,
      maxConcurrentWorkflowTaskExecutions: 80,
      maxConcurrentActivityTaskExecutions: 25,
    });
    expect(workerTuningFromEnv({ [ACTIVITIES]: '1' })).toEqual({
      maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivityTaskExecutions: 1,
    });
  });

  it('a cache below 40 is accepted with as few workflow task slots', () => {
    expect(workerTuningFromEnv({ [CACHE]: '10', [WORKFLOW_TASKS]: '10' })).toEqual({
      maxCachedWorkflows: 10,
      maxConcurrentWorkflowTaskExecutions: 10,
    });
  });

  it.each([
    ['not a number', CACHE, 'lots', 2],
    ['empty of digits', ACTIVITIES, '-', 1],
    ['negative', ACTIVITIES, '-4', 1],
    ['zero', ACTIVITIES, '0', 1],
    ['zero (no cache)', CACHE, '0', 2],
    ['one workflow task slot', WORKFLOW_TASKS, '1', 2],
    ['a fraction', WORKFLOW_TASKS, '2.5', 2],
    ['an exponent', CACHE, '1e3', 2],
    ['hexadecimal', ACTIVITIES, '0x20', 1],
    ['with a unit', CACHE, '64k', 2],
    ['with a sign', ACTIVITIES, '+8', 1],
    ['too large', ACTIVITIES, '4294967296', 1],
  ])('refuses %s, naming the variable and the value', (_kind, variable, value, minimum) => {
    const error = refusal({ [variable]: value });
    expect(error.message).toBe(
      `${variable}=${JSON.stringify(value)} is invalid: it must be a whole number from ${minimum} to 2147483647.`,
    );
  });

  it('refuses more workflow task slots than cached workflows (the default cache included)', () => {
    expect(refusal({ [CACHE]: '100', [WORKFLOW_TASKS]: '101' }).message).toBe(
      `${WORKFLOW_TASKS}="101" is invalid: it must not exceed ${CACHE} (100, its value): a workflow task runs on a cached workflow.`,
    );
    expect(refusal({ [WORKFLOW_TASKS]: '600' }).message).toContain(
      `${WORKFLOW_TASKS}="600" is invalid: it must not exceed ${CACHE} (500, its default)`,
    );
  });

  it("refuses a cache smaller than Temporal's 40 workflow task slots, saying what to lower", () => {
    const { message } = refusal({ [CACHE]: '39' });
    expect(message).toMatch(
      new RegExp(`^${CACHE}="39" is invalid: it must be at least .*\\(40, Temporal's default`),
    );
    expect(message).toContain(`set ${WORKFLOW_TASKS} to 39 or less`);
  });

  it('refuses a cache that would take more than half of the V8 heap limit, saying what to change', () => {
    const mib = 2 ** 20;
    // The shipped limit (bin/worker-node: 256 MiB of old space, ≈ 280 MiB in all): 1 400 fit, 1 500 do not.
    expect(workerTuningFromEnv({ [CACHE]: '1400' }, 280 * mib)).toEqual({ maxCachedWorkflows: 1400 });
    expect(workerTuningFromEnv({}, 280 * mib)).toEqual({ maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS });
    let error: unknown;
    try {
      workerTuningFromEnv({ [CACHE]: '1500' }, 280 * mib);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkerTuningError);
    expect((error as Error).message).toBe(
      `${CACHE}="1500" is invalid: 1500 cached workflows (its value) need ≈ 146 MiB of the workflow thread's heap ` +
        `(100 KiB each), more than half of its limit (280 MiB, set by TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB in ` +
        `bin/worker-node): raise TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB or lower the cache.`,
    );
    // The default cache on a heap too small for it.
    expect(() => workerTuningFromEnv({}, 64 * mib)).toThrow(/500 cached workflows \(its default\)/);
  });

  it('reports every bad variable at once', () => {
    const { message } = refusal({ [CACHE]: 'many', [ACTIVITIES]: '-1' });
    expect(message).toContain(`${CACHE}="many" is invalid`);
    expect(message).toContain(`${ACTIVITIES}="-1" is invalid`);
  });

  it('ignores unrelated variables', () => {
    expect(workerTuningFromEnv({ TIXNGO_FEEDBACK_MAX: 'x', METRICS_PORT: 'nope' })).toEqual({
      maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
    });
  });
});

describe('the effective tuning of a created worker', () => {
  it('reads the cache size and the fixed slot counts; names other slot suppliers', () => {
    const fixed = (numSlots: number) => ({ type: 'fixed-size' as const, numSlots });
    const options = {
      maxCachedWorkflows: 300,
      workflowThreadPoolSize: 2,
      tuner: {
        workflowTaskSlotSupplier: fixed(40),
        activityTaskSlotSupplier: {
          type: 'resource-based' as const,
          minimumSlots: 1,
          maximumSlots: 50,
          rampThrottle: 50,
        },
        localActivityTaskSlotSupplier: fixed(100),
        nexusTaskSlotSupplier: fixed(100),
        resourceBasedTunerConfig: null,
      },
    } satisfies Pick<CompiledWorkerOptions, 'maxCachedWorkflows' | 'tuner' | 'workflowThreadPoolSize'>;
    expect(effectiveWorkerTuning(options)).toEqual({
      maxCachedWorkflows: 300,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 'resource-based',
      maxConcurrentLocalActivityExecutions: 100,
      workflowThreadPoolSize: 2,
    });
  });
});

describe('the tuning variables are documented', () => {
  const names = Object.keys(WORKER_TUNING_VARIABLES);

  it('in the worker’s --help', () => {
    const help = workerTuningVariablesHelp();
    for (const name of names) expect(help).toContain(`  ${name}\n`);
  });

  it('in README’s configuration table and the sample environment file', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const sample = readFileSync(path.join(root, 'deploy', 'worker.env.example'), 'utf8');
    for (const name of names) {
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
      expect(sample).toMatch(new RegExp(`^#?${name}=`, 'm'));
    }
  });
});
