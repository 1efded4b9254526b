#!/usr/bin/env node
/**
 * `npm run build`'s second step: bundles the workflows once (src/workflowBundle.ts) and writes the
 * bundle next to the compiled worker (`dist/workflow-bundle.js`), so the worker of the image starts
 * without bundling. Run from dist/ it bundles the compiled JavaScript the image ships.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs, UsageError } from './cli/args';
import { buildWorkflowBundle, PREBUILT_BUNDLE_FILE, quietBundlerLogger } from './workflowBundle';

export const bundleWorkflowsHelp = `Usage: node dist/bundleWorkflows.js [--out FILE]   (npm run build runs it after tsc)

Bundles the workflows (with the codec's failure converter and the metrics' workflow interceptors,
as the worker would at start) and writes the bundle, by default next to this file
(${PREBUILT_BUNDLE_FILE}), where the compiled worker loads it from.
  --out FILE   where to write the bundle instead`;

/** Writes the bundle to `out` (default: ${PREBUILT_BUNDLE_FILE} next to this module); returns its path and size in bytes. */
export async function writeWorkflowBundle(out = path.join(__dirname, PREBUILT_BUNDLE_FILE)): Promise<{
  path: string;
  bytes: number;
}> {
  const code = await buildWorkflowBundle(quietBundlerLogger());
  writeFileSync(out, code);
  return { path: out, bytes: Buffer.byteLength(code) };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' } });
  if (values.help) {
    console.log(bundleWorkflowsHelp);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const started = Date.now();
  const written = await writeWorkflowBundle(values.out ? path.resolve(values.out) : undefined);
  console.log(
    `workflow bundle ${written.path} (${(written.bytes / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
