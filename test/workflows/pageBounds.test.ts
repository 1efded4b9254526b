import { runOnce } from '../../src/client/runOnce';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { MAX_OPEN_REJECTIONS } from '../../src/workflows/definitions';
import { recordHistory } from '../support/recordHistory';
import { stacksStoppedAfterAll } from '../support/stack';
import { at, ticket } from '../support/tickets';

const stackFor = stacksStoppedAfterAll();

describe('nothing grows with the page, no rejection is dropped (issue 13 item 5; real server and simulators)', () => {
  it('a page of 5 000 items of a status TIXNGO added later halts the run before the key moves, saying why', async () => {
    const stack = await stackFor('schema', { batchSize: 5000 });
    stack.tixngo.changes.append(
      ...Array.from({ length: 5000 }, (_, i) =>
        ticket(`R-${i}`, 'RESALE_LISTED', 1, {
          spectatorDetails: { firstName: 'Anna'.repeat(60), lastName: 'Meier'.repeat(50) },
        }),
      ),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect(run.stoppedBy).toBe('halted');
    expect(run.paginationKey).toBeUndefined();
    expect(run.halt).toEqual(expect.stringContaining('5000 of 5000 items'));
    expect(run.halt).toEqual(expect.stringContaining('unknown status "RESALE_LISTED"'));
    expect(run.halt).toEqual(expect.stringContaining('TIXNGO may have changed its schema'));
    expect(await stack.s360Api.getTicket('R-1')).toBeUndefined();
    await recordHistory('feedback-run-once-halted-page', feedbackWorkflowId(stack.organizerId));
  }, 90_000);

  it('a page too large for one summary is applied in slices in one run: every step handed off, the key moved once past it', async () => {
    const stack = await stackFor('sliced', { batchSize: 1000 });
    // 600 transfer steps of ≈ 1 KiB each (256-character ids): more than one summary's budget.
    stack.tixngo.changes.append(
      ...Array.from({ length: 600 }, (_, i) =>
        ticket(`${i}-`.padEnd(256, 'X'), 'PENDING_TRANSFER', 10, {
          taxNumber: `${i}-`.padEnd(256, 'T'),
          transfer: {
            id: `${i}-`.padEnd(256, 'R'),
            senderEmail: `seller-${i}@example.org`,
            recipientEmail: `buyer-${i}@example.org`,
            initiatedAt: at(5),
          },
        }),
      ),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect([run.items, run.applied, run.transfers, run.stoppedBy]).toEqual([600, 600, 600, 'drained']);
    expect(run.paginationKey).toBe(stack.tixngo.changes.keyAt(600));
    expect(run.pageResume).toBeUndefined();
    const history = await stack.client.workflow
      .getHandle(feedbackWorkflowId(stack.organizerId))
      .fetchHistory();
    const pageCalls = (history.events ?? []).filter(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'processDiffPage',
    );
    expect(pageCalls.length).toBeGreaterThanOrEqual(3); // two slices or more, then the empty page
    await recordHistory('feedback-run-once-sliced-page', feedbackWorkflowId(stack.organizerId));
    // 600 transfers handed off: minutes on a busy two-core box (seen 201 s at a load of 25).
  }, 600_000);

  it('open rejections past their bound are never dropped: the run halts before the page that would overflow them', async () => {
    const stack = await stackFor('overflow', { batchSize: 100 });
    // Pages of 100: 40 rejected and 60 valid items each (not a page "mostly rejected"), one page more
    // than the open rejections can hold.
    const pages = MAX_OPEN_REJECTIONS / 40 + 1;
    for (let page = 0; page < pages; page += 1) {
      stack.tixngo.changes.append(
        ...Array.from({ length: 100 }, (_, i) =>
          i < 40
            ? ticket(`B-${page}-${i}`, 'RESALE_LISTED', page)
            : ticket(`G-${page}-${i}`, 'DOWNLOADED', page),
        ),
      );
    }
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect(run.stoppedBy).toBe('halted');
    expect(run.droppedRejections).toBe(0);
    expect(run.openRejections).toHaveLength(MAX_OPEN_REJECTIONS);
    expect(new Set(run.openRejections.map((item) => item.ticketId)).size).toBe(MAX_OPEN_REJECTIONS);
    // The key stays before the page whose rejections did not fit (the last page).
    expect(run.paginationKey).toBe(stack.tixngo.changes.keyAt((pages - 1) * 100));
    expect(run.halt).toEqual(expect.stringContaining('open rejections'));
    expect(run.halt).toEqual(expect.stringContaining('unknown status "RESALE_LISTED"'));
  });
});
