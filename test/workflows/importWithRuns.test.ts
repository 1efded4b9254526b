/**
 * An import ("file to upload", SPEC §2) next to the organizer's feedback runs (real Temporal
 * server, simulators over HTTP). The import is a workflow of its own: it may apply while a run
 * applies. It never reads nor moves the pagination key, S-360 keeps the newest change of each
 * ticket whichever applies first, and its signal resolves only the rejections it did fix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDiffFile } from '../../src/client/importDiffFile';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { runOnce } from '../../src/client/runOnce';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { eventually } from '../support/env';
import { stacksStoppedAfterAll, statusOf } from '../support/stack';
import { ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

function diffFile(name: string, items: unknown[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-runs-')), name);
  writeFileSync(file, JSON.stringify({ pagination: { nextPageKey: null }, result: items }));
  return file;
}

describe('an import while the organizer runs', () => {
  it('applies beside a run: the run’s key ends past TIXNGO’s pages only, each ticket ends on its newest change', async () => {
    const stack = await stackFor('import-beside', { batchSize: 2 });
    const { organizerId, client, taskQueue } = stack;
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 10),
      ticket('T-2', 'DOWNLOADED', 10),
      ticket('T-3', 'ASSIGNED', 10),
      ticket('T-4', 'DOWNLOADED', 10),
    );
    const file = diffFile('beside.json', [
      ticket('T-1', 'INJECTED', 5), // older than TIXNGO's: S-360 keeps TIXNGO's
      ticket('T-3', 'CONTROLLED', 20), // newer than TIXNGO's: S-360 keeps the file's
      ticket('T-9', 'DOWNLOADED', 5), // only in the file
      ticket('T-8', 'RESALE_LISTED', 5), // rejected: listed to the operator, not the run's
    ]);
    // Both at once (the import does not wait for the run, nor the run for the import).
    const [run, imported] = await Promise.all([
      runOnce(client, { organizerId, taskQueue }),
      importDiffFile(client, { organizerId, file, taskQueue }),
    ]);
    // T-1's older change counts as applied or unchanged, as it came before or after TIXNGO's.
    expect([imported.applied + imported.unchanged, imported.rejected.map((item) => item.ticketId)]).toEqual([
      3,
      ['T-8'],
    ]);
    expect([run.items, run.stoppedBy, run.paginationKey]).toEqual([
      4,
      'drained',
      stack.tixngo.changes.keyAt(4),
    ]);
    expect(run.openRejections).toEqual([]);
    expect(await Promise.all(['T-1', 'T-2', 'T-3', 'T-4', 'T-9'].map((id) => statusOf(stack, id)))).toEqual([
      'DOWNLOADED',
      'DOWNLOADED',
      'CONTROLLED',
      'DOWNLOADED',
      'DOWNLOADED',
    ]);

    // The next run goes on from there: nothing read again, nothing skipped.
    stack.tixngo.changes.append(ticket('T-2', 'ASSIGNED', 30));
    const next = await runOnce(client, { organizerId, taskQueue });
    expect([next.items, next.paginationKey]).toEqual([1, stack.tixngo.changes.keyAt(5)]);
    expect(await statusOf(stack, 'T-2')).toBe('ASSIGNED');
  });

  it('an import of an older change of a rejected ticket does not resolve the rejection of its newer change', async () => {
    const stack = await stackFor('import-older');
    const { organizerId, client, taskQueue } = stack;
    // TIXNGO's change of T-2 at :05 is rejected (a status it does not know).
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0), ticket('T-2', 'DOWNLAODED', 5));
    await scheduleOrganizer(client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    await eventually(async () => {
      const [last] = await completedFeedbackRuns(client, organizerId, { newest: 1 });
      return last?.result.openRejections.some((item) => item.ticketId === 'T-2') ? true : undefined;
    }, 'a run reporting T-2’s rejection');

    // An operator imports an older, valid change of T-2 (:01): T-2's change of :05 is still not applied.
    const older = await importDiffFile(client, {
      organizerId,
      file: diffFile('older.json', [ticket('T-2', 'DOWNLOADED', 1)]),
      taskQueue,
    });
    expect(older.applied).toBe(1);
    const afterOlder = new Date();
    const later = await eventually(async () => {
      const [last] = await completedFeedbackRuns(client, organizerId, { newest: 1, closedAfter: afterOlder });
      return last;
    }, 'a run finished after the import');
    expect(later.result.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);

    // The change itself, fixed, resolves it.
    const fixed = await importDiffFile(client, {
      organizerId,
      file: diffFile('fixed.json', [ticket('T-2', 'DOWNLOADED', 5)]),
      taskQueue,
    });
    expect(fixed.applied).toBe(1);
    const afterFixed = new Date();
    const resolved = await eventually(async () => {
      const [last] = await completedFeedbackRuns(client, organizerId, { newest: 1, closedAfter: afterFixed });
      return last;
    }, 'a run finished after the fixed import');
    expect(resolved.result.openRejections).toEqual([]);
    await unscheduleOrganizer(client, organizerId, 'test finished');
  });
});
