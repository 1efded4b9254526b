/**
 * The Node.js line check of the tests (issue 16): package.json's `engines.node` is the supported range;
 * the tests must run inside it, on the line the image ships in CI (scripts/setup-node.sh).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(__dirname, '../..');

/** package.json's `engines.node`, e.g. "^22.12.0 || ^24.0.0". */
export const ENGINES_NODE = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
).engines.node;

/** Why `version` cannot run the tests, with the command that fixes it; undefined when it can. */
export function unsupportedNodeLine(version: string = process.version): string | undefined {
  if (semver.satisfies(version, ENGINES_NODE)) return undefined;
  return (
    `Node.js ${version} runs the tests, outside engines.node "${ENGINES_NODE}" in package.json. ` +
    `Put the image's Node.js line first on PATH, then run the tests again:\n` +
    `  export PATH="$(bash scripts/setup-node.sh):$PATH"`
  );
}
