/**
 * Issue 15 item 5: a run's counts add up. Real parts: the TIXNGO simulator's pages, a worker on a
 * real Temporal server, the S-360 simulator on PostgreSQL refusing one ticket. Every item of the run
 * is counted once, under its name: items = applied + unchanged + superseded + skipped + rejected
 * + heldBack, and its summary line says so.
 */
import { runOnce } from '../../src/client/runOnce';
import { formatRunSummary } from '../../src/client/runSummaries';
import type { FeedbackRunResult } from '../../src/workflows';
import { parseItemCounts, sumOfTerms } from '../support/itemCounts';
import { stacksStoppedAfterAll } from '../support/stack';
import { at, ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

const countsOf = (run: FeedbackRunResult) => ({
  items: run.items,
  applied: run.applied,
  unchanged: run.unchanged,
  superseded: run.superseded,
  skipped: run.skipped,
  rejected: run.rejected,
  heldBack: run.heldBack,
});

/** The run's summary line, read back: its terms add up to its items. */
function expectLineAddsUp(run: FeedbackRunResult): void {
  const line = formatRunSummary(run);
  const parsed = parseItemCounts(line);
  expect(parsed).toBeDefined();
  expect(parsed && sumOfTerms(parsed.terms)).toBe(run.items);
}

describe('a run’s counts add up, each named', () => {
  it('over two pages: a change replaced by a newer one, a duplicate, an invalid item, a skipped ticket, one S-360 refuses, one it already has', async () => {
    const stack = await stackFor('counts', { batchSize: 4, skipTickets: 'id:T-3' });
    stack.s360.refusals.refuse(['T-4']);
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 0),
      ticket('T-1', 'ASSIGNED', 1), // replaces the one before it in the page
      { ticketId: 'T-2', status: 'NOT_A_STATUS', statusChangedAt: at(1) },
      ticket('T-3', 'DOWNLOADED', 2), // on the skip list
      ticket('T-4', 'DOWNLOADED', 3), // S-360 refuses it
      ticket('T-5', 'ASSIGNED', 4),
      ticket('T-5', 'ASSIGNED', 4), // TIXNGO sent it twice
      ticket('T-1', 'ASSIGNED', 1), // S-360 has it from the first page
    );
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });

    expect(run.stoppedBy).toBe('drained');
    expect(countsOf(run)).toEqual({
      items: 8,
      applied: 2,
      unchanged: 1,
      superseded: 2,
      skipped: 1,
      rejected: 2,
      heldBack: 0,
    });
    expectLineAddsUp(run);
  });

  it('doContinueInCaseOfSyncError=false: the items after the failing ticket are held back, and counted so', async () => {
    const stack = await stackFor('counts-strict', { customParameters: 'doContinueInCaseOfSyncError=false' });
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 0),
      ticket('T-1', 'ASSIGNED', 1),
      { ticketId: 'T-2', status: 'ASSIGNED' }, // no statusChangedAt: the run stops here
      ticket('T-3', 'DOWNLOADED', 2),
      ticket('T-4', 'DOWNLOADED', 3),
    );
    const run = await runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });

    expect([run.stoppedBy, run.syncError?.ticketId]).toEqual(['sync-error', 'T-2']);
    expect(countsOf(run)).toEqual({
      items: 5,
      applied: 1,
      unchanged: 0,
      superseded: 1,
      skipped: 0,
      rejected: 1,
      heldBack: 2,
    });
    expectLineAddsUp(run);
    expect(formatRunSummary(run)).toContain('+ 2 held back; STOPPED at a failing ticket');
  });
});
