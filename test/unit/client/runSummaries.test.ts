/** The demo's lines (issue 15 item 5): a finished run's counts add up; a failed and a stuck run say why. */
import { itemCountsText } from '../../../src/client/itemCounts';
import { formatRunEvent, formatRunSummary } from '../../../src/client/runSummaries';
import type { FeedbackRunResult } from '../../../src/workflows';
import { parseItemCounts, sumOfTerms } from '../../support/itemCounts';

const CLOSED = new Date('2026-11-23T09:15:02.000Z');

const result = (counts: Partial<FeedbackRunResult>): FeedbackRunResult => ({
  organizerId: 'demo-organizer',
  skipTickets: [],
  pages: 2,
  items: 13,
  applied: 9,
  unchanged: 1,
  superseded: 2,
  skipped: 0,
  rejected: 1,
  heldBack: 0,
  transfers: 0,
  stoppedBy: 'drained',
  openRejections: [],
  droppedRejections: 0,
  warnings: [],
  ...counts,
});

describe('run lines', () => {
  it('a finished run: every count named, adding up to its items', () => {
    const line = formatRunSummary(result({}), CLOSED);
    expect(line).toBe(
      '09:15:02 demo-organizer: 2 page(s), 13 item(s) = 9 applied + 1 unchanged + 2 superseded + 0 skipped + 1 rejected; drained',
    );
    const parsed = parseItemCounts(line);
    expect(parsed?.terms).toEqual({ applied: 9, unchanged: 1, superseded: 2, skipped: 0, rejected: 1 });
    expect(parsed && sumOfTerms(parsed.terms)).toBe(13);
  });

  it('a strict run stopped at a failing ticket: the items after it are held back, and the ticket named', () => {
    const line = formatRunSummary(
      result({
        items: 5,
        applied: 1,
        superseded: 1,
        unchanged: 0,
        rejected: 1,
        heldBack: 2,
        stoppedBy: 'sync-error',
        syncError: { ticketId: 'T-2', index: 2, path: 'statusChangedAt', reason: 'not a date' },
      }),
      CLOSED,
    );
    expect(line).toContain(
      '5 item(s) = 1 applied + 0 unchanged + 1 superseded + 0 skipped + 1 rejected + 2 held back;',
    );
    expect(line).toContain('(T-2 statusChangedAt: not a date)');
    const parsed = parseItemCounts(line);
    expect(parsed && sumOfTerms(parsed.terms)).toBe(5);
  });

  it('a result from before the counts added up is shown without a sum it cannot make', () => {
    const { superseded: _s, heldBack: _h, ...older } = result({ items: 14 });
    expect(itemCountsText(older)).toBe('14 item(s): 9 applied, 1 unchanged, 0 skipped, 1 rejected');
  });

  it('a failed run: its decoded reason; a stuck one: what, which attempt, the last failure', () => {
    expect(
      formatRunEvent('demo-organizer', {
        kind: 'not-completed',
        runId: '01a2b3c4-aaaa',
        closedAt: CLOSED,
        outcome: 'failed',
        reason:
          'Activity task failed (activity processDiffPage); because: TIXNGO refused the API key [RequestRefused]',
      }),
    ).toBe(
      '09:15:02 demo-organizer: run 01a2b3c4 FAILED: Activity task failed (activity processDiffPage); because: ' +
        'TIXNGO refused the API key [RequestRefused] (the next cron run starts from what it carried)',
    );
    expect(
      formatRunEvent(
        'demo-organizer',
        {
          kind: 'stuck',
          runId: '01a2b3c4-aaaa',
          what: 'activity processDiffPage',
          attempt: 3,
          lastFailure: 'TIXNGO answered 503 [TransportError]',
        },
        CLOSED,
      ),
    ).toBe(
      '09:15:02 demo-organizer: run 01a2b3c4 STUCK: activity processDiffPage on attempt 3, last failure: TIXNGO answered 503 [TransportError]',
    );
  });

  it('a workflow task no worker picks up: since when, and whether any worker polls its task queue', () => {
    const waiting = {
      kind: 'not-picked-up',
      runId: '01a2b3c4-aaaa',
      taskQueue: 'q\u001b[2J',
      since: CLOSED,
    } as const;
    expect(formatRunEvent('demo-organizer', { ...waiting, pollers: 0 }, CLOSED)).toBe(
      '09:15:02 demo-organizer: run 01a2b3c4 WAITING: workflow task not picked up since 2026-11-23T09:15:02.000Z: ' +
        'no worker polls task queue "q\\u001b[2J" (start one with TEMPORAL_TASK_QUEUE="q\\u001b[2J", or name the ' +
        "workers' queue with --task-queue or TEMPORAL_TASK_QUEUE)",
    );
    expect(formatRunEvent('demo-organizer', { ...waiting, pollers: 2 }, CLOSED)).toContain(
      'the 2 worker(s) polling task queue "q\\u001b[2J" have not taken it (all busy?)',
    );
  });
});
