/**
 * The tests run on a Node.js line the product supports (issue 16): `engines.node` in package.json is the
 * supported range, the image's `FROM node:<major>-slim` must be inside it, and the Node.js running these
 * tests must be too. CI (.ci/run) puts the image's line first on PATH (scripts/setup-node.sh), so the LTS
 * we ship is the one we test; on an unsupported Node.js this test fails and says which to install.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { ENGINES_NODE, unsupportedNodeLine } from '../support/nodeLine';

const root = path.resolve(__dirname, '../..');
const engines = ENGINES_NODE;

/** The major of the Dockerfile's first `FROM node:<major>…` line. */
function imageNodeMajor(): number {
  const match = /^FROM node:(\d+)[-.]/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  if (!match?.[1]) throw new Error('Dockerfile: no FROM node:<major>-… line');
  return Number(match[1]);
}

describe('the Node.js line', () => {
  it('engines.node is a valid range of supported LTS lines only', () => {
    expect(semver.validRange(engines)).not.toBeNull();
    expect(semver.intersects(engines, '<22')).toBe(false);
  });

  it("the image's Node.js major is inside engines.node", () => {
    expect(semver.intersects(engines, `${imageNodeMajor()}.x`)).toBe(true);
  });

  it('the tests run on a Node.js inside engines.node (CI: scripts/setup-node.sh)', () => {
    const unsupported = unsupportedNodeLine();
    if (unsupported) throw new Error(unsupported);
    expect(unsupportedNodeLine('v20.20.2')).toContain('export PATH="$(bash scripts/setup-node.sh):$PATH"');
  });
});
