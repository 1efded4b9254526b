/**
 * Issue 17: the workflow bundle's entry (src/workflows/bundleEntry.ts) loads each workflow type's
 * module lazily; it must offer exactly the workflows ./index.ts lists, as the same functions.
 */
import * as workflows from '../../../src/workflows';

test('the bundle entry offers the workflows of src/workflows/index.ts, the same functions', () => {
  const entry = jest.requireActual<Record<string, unknown>>('../../../src/workflows/bundleEntry');
  const listed = Object.entries(workflows).filter(([, value]) => typeof value === 'function');
  expect(Object.keys(entry).sort()).toEqual(listed.map(([name]) => name).sort());
  for (const [name, fn] of listed) expect(entry[name]).toBe(fn);
});
