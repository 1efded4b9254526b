/**
 * A run whose pages are over their byte bound (tixngo.maxPageBytes) reads them smaller and applies
 * every ticket; the warning that says so is in the run's result once, not once per smaller page.
 * Real Temporal server, worker and simulators.
 */
import { runOnce } from '../../src/client/runOnce';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

let stack: TestStack | undefined;
afterAll(() => stack?.stop());

it('reads smaller pages, applies every ticket, and says so once', async () => {
  stack = await startTestStack('bound-run', {}, { tixngoMaxPageBytes: 1024 * 1024 });
  const extraInfo = (n: number) =>
    Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`ExtraInfo${i + 1}`, `${n}`.padEnd(1_000, 'x')]),
    );
  stack.tixngo.changes.append(
    ...Array.from({ length: 60 }, (_, n) => ticket(`BIG-${n}`, 'DOWNLOADED', 1, { extraInfo: extraInfo(n) })),
  );
  const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
  expect([run.items, run.applied, run.rejected]).toEqual([60, 60, 0]);
  expect(run.pages).toBeGreaterThan(2);
  expect(run.warnings.filter((warning) => warning.includes('bytes a page may take'))).toHaveLength(1);
}, 120_000);
