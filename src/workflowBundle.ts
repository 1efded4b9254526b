/**
 * How the workflows are bundled, in one place: by the worker when it starts, and ahead of time by
 * the tests, the fault suite and the benchmark, so that what they test is what ships.
 *
 * No module is preloaded (`preloadModules`): Temporal freezes preloaded modules, and zod fills in a
 * schema's methods on its first use, which a frozen object refuses — every workflow task that
 * validates anything would then fail ("Cannot define property safeParse, object is not extensible").
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './codec/dataConverter';
import { WORKFLOW_INTERCEPTORS_PATH } from './observability/metricsSinks';

/** The workflows' entry module. */
export const WORKFLOWS_PATH = require.resolve('./workflows');

/** The bundler's options the worker uses when it bundles at start (Worker.create `bundlerOptions`). */
export const WORKFLOW_BUNDLER_OPTIONS = { preloadModules: [require.resolve('./workflows/sharedModules')] };

type QuietLogger = NonNullable<Parameters<typeof bundleWorkflowCode>[0]['logger']>;

/** Builds the bundle ahead of time, as the worker would at start; returns its code. */
export async function buildWorkflowBundle(logger?: QuietLogger): Promise<string> {
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
