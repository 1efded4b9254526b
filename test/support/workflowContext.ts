/**
 * The shipped workflow bundle loaded into Temporal's own reusable V8 context, as the worker loads it
 * (ReusableVMWorkflowCreator, the SDK's default executor): the preload has run and Temporal has frozen
 * what it preloaded. For tests that look at what every workflow of a context shares (issue 17).
 * SDK internals: a test here that breaks after an SDK upgrade says the preload must be looked at again.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { testEnv } from './env';

export interface ShippedWorkflowContext {
  /** The bundle's module ids (`./src/…` for ours). */
  moduleIds: string[];
  /** A module's exports when the module is shared by every workflow (evaluated by the preload), else undefined. */
  sharedExports(moduleId: string): Record<string, unknown> | undefined;
  /** Runs `code` in the context, outside any workflow. */
  run(code: string): unknown;
  destroy(): Promise<void>;
}

/** Temporal's creator, its context in reach (the SDK keeps it protected). */
class InspectableCreator extends ReusableVMWorkflowCreator {
  get inspectedContext(): vm.Context {
    return this.context;
  }
}

export async function shippedWorkflowContext(): Promise<ShippedWorkflowContext> {
  const file = testEnv('FEEDBACK_WORKFLOW_BUNDLE');
  const code = readFileSync(file, 'utf8');
  const mapAt = code.lastIndexOf('//# sourceMappingURL=data:');
  const sourceMap = JSON.parse(
    Buffer.from(code.slice(code.indexOf('base64,', mapAt) + 'base64,'.length).trimEnd(), 'base64').toString(),
  );
  const creator = await InspectableCreator.create(
    { code, sourceMap, filename: file },
    5_000,
    new Set<string>(),
    undefined,
  );
  const context = creator.inspectedContext;
  const run = (source: string): unknown => vm.runInContext(source, context);
  const moduleIds = [...code.slice(0, mapAt).matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((m) => m[1]);
  return {
    moduleIds,
    sharedExports: (moduleId) =>
      run(`globalThis.__webpack_module_cache__[${JSON.stringify(moduleId)}]?.exports`) as
        Record<string, unknown> | undefined,
    run,
    destroy: () => creator.destroy(),
  };
}
