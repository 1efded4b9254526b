/**
 * The worker's concurrency and workflow-cache settings, from the environment, so operators size a
 * worker without a rebuild (README, "Configuration"). Unset: Temporal's defaults, except the workflow
 * cache (DEFAULT_MAX_CACHED_WORKFLOWS). A bad value stops the worker at start with an error naming
 * the variable and the value (these are sizes, never secrets).
 */
import v8 from 'node:v8';
import type { CompiledWorkerOptions, WorkerOptions } from '@temporalio/worker';
import { z } from 'zod';

/** Concurrency and cache settings of createFeedbackWorker (the worker process and the benchmark). */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'workflowThreadPoolSize'
  | 'maxCachedWorkflows'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
>;

export class WorkerTuningError extends Error {
  override name = 'WorkerTuningError';
}

export const MAX_CACHED_WORKFLOWS_VARIABLE = 'TIXNGO_FEEDBACK_MAX_CACHED_WORKFLOWS';
export const MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE = 'TIXNGO_FEEDBACK_MAX_CONCURRENT_WORKFLOW_TASKS';
export const MAX_CONCURRENT_ACTIVITIES_VARIABLE = 'TIXNGO_FEEDBACK_MAX_CONCURRENT_ACTIVITIES';
export const MAX_CONCURRENT_LOCAL_ACTIVITIES_VARIABLE = 'TIXNGO_FEEDBACK_MAX_CONCURRENT_LOCAL_ACTIVITIES';
export const WORKFLOW_THREADS_VARIABLE = 'TIXNGO_FEEDBACK_WORKFLOW_THREADS';

/**
 * The workflow cache when TIXNGO_FEEDBACK_MAX_CACHED_WORKFLOWS is unset. Temporal's own default
 * follows the heap limit, not the workload (60 % of (heap − 200 MiB) in MiB: ≈ 2 300 workflows on a
 * 4 GiB heap), so the worker's memory would depend on the machine it lands on. 500 is the bounded
 * size the benchmark measured (BENCHMARKS.md: 462 MB peak RSS at 10 000 items with 500 transfers,
 * 702 MB at 100 000 with 5 000): every open transfer workflow waiting for its outcome sits in this
 * cache, and one evicted is replayed from its short history when its outcome arrives (server CPU).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

/**
 * What the cache check budgets per cached workflow in the workflow thread's V8 heap: measured ≈ 55 KB
 * per waiting transfer (BENCHMARKS.md, "What one workflow costs the worker"), a feedback run more.
 * The cache may take at most half of the heap limit (bin/worker-node's TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB
 * sets it: 256 MiB by default, ≈ 280 MiB with the young generation), so at most ≈ 1 400 workflows by
 * default: a larger cache would end in an out-of-memory crash once that many transfers wait.
 */
export const HEAP_PER_CACHED_WORKFLOW_BYTES = 100 * 1024;

/** Temporal's maxConcurrentWorkflowTaskExecutions when unset (@temporalio/worker, worker-options). */
export const TEMPORAL_DEFAULT_WORKFLOW_TASK_SLOTS = 40;

const MAX_VALUE = 2_147_483_647;

export const WORKER_TUNING_VARIABLES = {
  [MAX_CACHED_WORKFLOWS_VARIABLE]: `workflows kept in memory, open transfers included (default ${DEFAULT_MAX_CACHED_WORKFLOWS}; from 2)`,
  [MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE]: `workflow tasks run at once (Temporal's default ${TEMPORAL_DEFAULT_WORKFLOW_TASK_SLOTS}; 2 to the cache size)`,
  [MAX_CONCURRENT_ACTIVITIES_VARIABLE]: "activities run at once (Temporal's default 100)",
  [MAX_CONCURRENT_LOCAL_ACTIVITIES_VARIABLE]:
    "local activities (the transfers' S-360 steps) run at once (Temporal's default 100)",
  [WORKFLOW_THREADS_VARIABLE]:
    "threads running workflow code (Temporal's default 1; 2 or more uses more cores)",
} as const;

/** The variables as `--help` lines. */
export function workerTuningVariablesHelp(indent = '  '): string {
  return Object.entries(WORKER_TUNING_VARIABLES)
    .map(([name, meaning]) => `${indent}${name}\n${indent}${' '.repeat(26)}${meaning}`)
    .join('\n');
}

/** Unset or blank: undefined; else a whole number from `minimum` to MAX_VALUE, in digits. */
const count = (minimum: number) => {
  const message = `it must be a whole number from ${minimum} to ${MAX_VALUE}`;
  return z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(
      z
        .string()
        .regex(/^\d+$/, { message, abort: true })
        .transform(Number)
        .pipe(z.number().min(minimum, { message, abort: true }).max(MAX_VALUE, { message, abort: true }))
        .optional(),
    );
};

const MIB = 2 ** 20;

const workerTuningEnv = (heapLimitBytes: number) =>
  z
    .object({
      [MAX_CACHED_WORKFLOWS_VARIABLE]: count(2),
      [MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE]: count(2),
      [MAX_CONCURRENT_ACTIVITIES_VARIABLE]: count(1),
      [MAX_CONCURRENT_LOCAL_ACTIVITIES_VARIABLE]: count(1),
      [WORKFLOW_THREADS_VARIABLE]: count(1),
    })
    .superRefine((vars, ctx) => {
      // A workflow task runs on a cached workflow: Temporal would quietly lower the task slots.
      const cache = vars[MAX_CACHED_WORKFLOWS_VARIABLE] ?? DEFAULT_MAX_CACHED_WORKFLOWS;
      const tasks = vars[MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE];
      if (tasks !== undefined && tasks > cache) {
        const source = vars[MAX_CACHED_WORKFLOWS_VARIABLE] === undefined ? 'its default' : 'its value';
        ctx.addIssue({
          code: 'custom',
          path: [MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE],
          message: `it must not exceed ${MAX_CACHED_WORKFLOWS_VARIABLE} (${cache}, ${source}): a workflow task runs on a cached workflow`,
        });
      }
      if (cache * HEAP_PER_CACHED_WORKFLOW_BYTES > heapLimitBytes / 2) {
        const source = vars[MAX_CACHED_WORKFLOWS_VARIABLE] === undefined ? 'its default' : 'its value';
        ctx.addIssue({
          code: 'custom',
          path: [MAX_CACHED_WORKFLOWS_VARIABLE],
          message:
            `${cache} cached workflows (${source}) need ≈ ${Math.round((cache * HEAP_PER_CACHED_WORKFLOW_BYTES) / MIB)} MiB ` +
            `of the workflow thread's heap (${HEAP_PER_CACHED_WORKFLOW_BYTES / 1024} KiB each), more than half of its limit ` +
            `(${Math.round(heapLimitBytes / MIB)} MiB, set by TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB in bin/worker-node): ` +
            `raise TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB or lower the cache`,
        });
      } else if (tasks === undefined && cache < TEMPORAL_DEFAULT_WORKFLOW_TASK_SLOTS) {
        ctx.addIssue({
          code: 'custom',
          path: [MAX_CACHED_WORKFLOWS_VARIABLE],
          message:
            `it must be at least the number of workflow tasks run at once (${TEMPORAL_DEFAULT_WORKFLOW_TASK_SLOTS}, ` +
            `Temporal's default; a workflow task runs on a cached workflow): for a smaller cache, set ` +
            `${MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE} to ${cache} or less`,
        });
      }
    });

/**
 * Reads and checks the tuning variables (see WORKER_TUNING_VARIABLES) against the V8 heap limit of
 * this process (`heapLimitBytes`, by default v8's heap_size_limit: the workflow thread has the same
 * flags); throws a WorkerTuningError.
 */
export function workerTuningFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  heapLimitBytes: number = v8.getHeapStatistics().heap_size_limit,
): WorkerTuning {
  const parsed = workerTuningEnv(heapLimitBytes).safeParse(env);
  if (!parsed.success) {
    const sentences = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'TIXNGO_FEEDBACK_MAX_*');
      return `${variable}=${JSON.stringify(env[variable] ?? '')} is invalid: ${issue.message}.`;
    });
    throw new WorkerTuningError(sentences.join(' '));
  }
  const vars = parsed.data;
  const tuning: WorkerTuning = {
    maxCachedWorkflows: vars[MAX_CACHED_WORKFLOWS_VARIABLE] ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  };
  const tasks = vars[MAX_CONCURRENT_WORKFLOW_TASKS_VARIABLE];
  if (tasks !== undefined) tuning.maxConcurrentWorkflowTaskExecutions = tasks;
  const activities = vars[MAX_CONCURRENT_ACTIVITIES_VARIABLE];
  if (activities !== undefined) tuning.maxConcurrentActivityTaskExecutions = activities;
  const localActivities = vars[MAX_CONCURRENT_LOCAL_ACTIVITIES_VARIABLE];
  if (localActivities !== undefined) tuning.maxConcurrentLocalActivityExecutions = localActivities;
  const threads = vars[WORKFLOW_THREADS_VARIABLE];
  if (threads !== undefined) tuning.workflowThreadPoolSize = threads;
  return tuning;
}

type SlotSupplier = CompiledWorkerOptions['tuner']['workflowTaskSlotSupplier'];
const slots = (supplier: SlotSupplier): number | string =>
  supplier.type === 'fixed-size' ? supplier.numSlots : supplier.type;

/** What a created worker actually uses, Temporal's defaults filled in (flat fields for a log line). */
export interface EffectiveWorkerTuning {
  maxCachedWorkflows: number;
  /** A number of slots, or the kind of slot supplier when it is not a fixed size. */
  maxConcurrentWorkflowTaskExecutions: number | string;
  maxConcurrentActivityTaskExecutions: number | string;
  maxConcurrentLocalActivityExecutions: number | string;
  workflowThreadPoolSize: number;
}

export function effectiveWorkerTuning(
  options: Pick<CompiledWorkerOptions, 'maxCachedWorkflows' | 'tuner' | 'workflowThreadPoolSize'>,
): EffectiveWorkerTuning {
  return {
    maxCachedWorkflows: options.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: slots(options.tuner.workflowTaskSlotSupplier),
    maxConcurrentActivityTaskExecutions: slots(options.tuner.activityTaskSlotSupplier),
    maxConcurrentLocalActivityExecutions: slots(options.tuner.localActivityTaskSlotSupplier),
    workflowThreadPoolSize: options.workflowThreadPoolSize,
  };
}
