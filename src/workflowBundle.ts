/**
 * How the workflows are bundled, in one place: by the worker when it starts, and ahead of time by
 * the tests, the fault suite and the benchmark, so that what they test is what ships.
 *
 * What a new workflow costs the worker (issue 17; BENCHMARKS.md, `npm run bench:memory`):
 * - zod and our pure modules (domain rules, the schemas that check inputs and signals) are preloaded
 *   (`preloadModules`: src/workflows/sharedModules.ts), once per reusable V8 context instead of once
 *   per workflow; that module keeps the schemas' lazily-filled state out of Temporal's freeze;
 * - the entry (src/workflows/bundleEntry.ts) evaluates only the started workflow type's module.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './codec/dataConverter';
import { WORKFLOW_INTERCEPTORS_PATH } from './observability/metricsSinks';

/**
 * The file `npm run build` writes next to the compiled worker (`dist/workflow-bundle.js`), which the
 * worker loads instead of bundling at start (src/worker.ts, `workflowBundlePathFromEnv`).
 */
export const PREBUILT_BUNDLE_FILE = 'workflow-bundle.js';

/** The workflows' entry module: each workflow type's module loaded when that type is first looked up. */
export const WORKFLOWS_PATH = require.resolve('./workflows/bundleEntry');

/** The bundler's options the worker uses when it bundles at start (Worker.create `bundlerOptions`). */
export const WORKFLOW_BUNDLER_OPTIONS = {
  preloadModules: [require.resolve('./workflows/sharedModules')],
};

type BundlerLogger = NonNullable<Parameters<typeof bundleWorkflowCode>[0]['logger']>;

/** A bundler logger that drops everything (webpack's progress lines are noise in a build or a test run). */
export function quietBundlerLogger(): BundlerLogger {
  const noop = (): void => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}

/** Builds the bundle ahead of time, as the worker would at start; returns its code. */
export async function buildWorkflowBundle(logger?: BundlerLogger): Promise<string> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // The metrics' workflow interceptors (Worker.create `interceptors.workflowModules` when it bundles).
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger,
  });
  return bundle.code;
}
