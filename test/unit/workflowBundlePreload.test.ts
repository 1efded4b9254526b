/**
 * Issue 17: zod is evaluated once per V8 context, not once per cached workflow. The bundler drops a
 * bare `require('zod')` (zod declares itself free of side effects), which left preloading empty
 * without a word; the shipped bundle's preload must really load the shared modules.
 */
import { readFileSync } from 'node:fs';
import { testEnv } from '../support/env';

test('the shipped workflow bundle preloads src/workflows/sharedModules.ts (zod)', () => {
  const code = readFileSync(testEnv('FEEDBACK_WORKFLOW_BUNDLE'), 'utf8');
  const start = code.indexOf('exports.preloadModules = function preloadModules() {');
  expect(start).toBeGreaterThan(-1);
  const body = code.slice(start, code.indexOf('\n}', start));
  expect(body).toContain('__webpack_require__(');
  expect(body).toContain('src/workflows/sharedModules.ts');
});
