/**
 * Where the worker process takes its workflows from (issue 16): the bundle named by
 * TIXNGO_FEEDBACK_WORKFLOW_BUNDLE, else the one `npm run build` wrote next to the compiled worker,
 * else none (the worker bundles at start).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKFLOW_BUNDLE_VARIABLE, workflowBundlePathFromEnv } from '../../src/worker';
import { PREBUILT_BUNDLE_FILE } from '../../src/workflowBundle';

function directory(withBundle: boolean): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-bundle-'));
  if (withBundle) writeFileSync(path.join(dir, PREBUILT_BUNDLE_FILE), '// bundle');
  return dir;
}

describe('the workflow bundle the worker loads', () => {
  it('is the one the variable names, even with a bundle next to the worker', () => {
    const named = path.join(directory(true), 'other-bundle.js');
    writeFileSync(named, '// other');
    expect(workflowBundlePathFromEnv({ [WORKFLOW_BUNDLE_VARIABLE]: named }, directory(true))).toBe(named);
  });

  it('is the prebuilt one next to the compiled worker when the variable is unset or empty', () => {
    const dir = directory(true);
    expect(workflowBundlePathFromEnv({}, dir)).toBe(path.join(dir, PREBUILT_BUNDLE_FILE));
    expect(workflowBundlePathFromEnv({ [WORKFLOW_BUNDLE_VARIABLE]: '' }, dir)).toBe(
      path.join(dir, PREBUILT_BUNDLE_FILE),
    );
  });

  it('is none (bundled at start) without the variable and without a prebuilt bundle', () => {
    expect(workflowBundlePathFromEnv({}, directory(false))).toBeUndefined();
  });

  it('refuses a variable naming a file that is not there, naming the variable and the path', () => {
    const missing = path.join(directory(false), 'missing.js');
    expect(() => workflowBundlePathFromEnv({ [WORKFLOW_BUNDLE_VARIABLE]: missing }, directory(true))).toThrow(
      `${WORKFLOW_BUNDLE_VARIABLE}="${missing}": no such file`,
    );
  });
});
