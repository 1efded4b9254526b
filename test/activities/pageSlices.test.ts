import { MockActivityEnvironment } from '@temporalio/testing';
import type { PageInput, PageSummary } from '../../src/activities';
import { jsonBytes } from '../../src/domain/payloadSize';
import { MAX_MAX_PAGE_BYTES } from '../../src/domain/settings';
import { startPageActivities, type PageActivitiesStack } from '../support/pageActivities';
import { largestTransfer, ticket, wide } from '../support/tickets';

/** Far below Temporal's 2 MiB payload limit. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;

describe('page summaries stay far below 2 MiB whatever the page (issue 13 item 5; simulators over HTTP)', () => {
  let stack: PageActivitiesStack;
  let organizerId: string;
  let tixngo: PageActivitiesStack['tixngo'];
  let activities: PageActivitiesStack['activities'];

  beforeAll(async () => {
    // Its pages are large (tens of MB): read as whole as the bound allows, to be sliced (tixngo.maxPageBytes).
    stack = await startPageActivities('slices', {
      batchSize: 10_000,
      tixngo: { maxPageBytes: MAX_MAX_PAGE_BYTES },
    });
    ({ organizerId, tixngo, activities } = stack);
  });
  afterAll(() => stack.stop());

  const input: PageInput = {
    organizerId: '',
    skipTickets: [],
    strict: false,
    distributionEnabled: true,
    openRejectionTicketIds: [],
  };

  it('a page of 10 000 of the largest transfer steps comes in slices, each far below 2 MiB, that together carry every step once', async () => {
    tixngo.changes.clear();
    tixngo.changes.append(...Array.from({ length: 10_000 }, (_, i) => largestTransfer(i)));
    const env = new MockActivityEnvironment();
    const slices: PageSummary[] = [];
    let resume: PageInput['resume'];
    // Over 64 MiB, the 10 000 come in two pages of 5 000 (tixngo.maxPageBytes), each in slices.
    let paginationKey: string | undefined;
    const end = tixngo.changes.keyAt(10_000);
    do {
      const slice: PageSummary = await env.run(activities.processDiffPage, {
        ...input,
        organizerId,
        paginationKey,
        resume,
      });
      expect(jsonBytes(slice)).toBeLessThan(SUMMARY_LIMIT_BYTES);
      slices.push(slice);
      resume = slice.continueAt;
      if (resume) expect([slice.nextPaginationKey, slice.drained]).toEqual([paginationKey, false]);
      paginationKey = slice.nextPaginationKey;
    } while ((resume || paginationKey !== end) && slices.length < 100);

    expect(slices.length).toBeGreaterThan(1);
    const tickets = slices.flatMap((slice) => slice.transfers.map((event) => event.ticketId));
    expect(tickets).toHaveLength(10_000);
    expect(new Set(tickets).size).toBe(10_000);
    expect(slices.reduce((sum, slice) => sum + slice.items, 0)).toBe(10_000);
    expect(slices.reduce((sum, slice) => sum + slice.applied, 0)).toBe(10_000);
    const last = slices[slices.length - 1] as PageSummary;
    expect(last.nextPaginationKey).toBe(tixngo.changes.keyAt(10_000));
    // 10 000 steps written to S-360 in slices: minutes on a busy two-core box.
  }, 600_000);

  it('a page of 10 000 items of a status TIXNGO added later is refused as a whole, with a reason, in a small summary', async () => {
    tixngo.changes.clear();
    tixngo.changes.append(
      ...Array.from({ length: 9_990 }, (_, i) =>
        ticket(`R-${i}`, 'RESALE_LISTED', 1, { extraInfo: { note: wide(2000, 'n') } }),
      ),
      ...Array.from({ length: 10 }, (_, i) => ticket(`OK-${i}`, 'DOWNLOADED', 1)),
    );
    const page: PageSummary = await new MockActivityEnvironment().run(activities.processDiffPage, {
      ...input,
      organizerId,
    });
    expect(jsonBytes(page)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(page.refused).toEqual(expect.stringContaining('9990 of 10000 items'));
    // Its items are counted, as held back: none applied, none rejected one by one.
    expect([page.items, page.heldBack, page.applied + page.rejected.length]).toEqual([10_000, 10_000, 0]);
    expect(page.refused).toEqual(expect.stringContaining('RESALE_LISTED'));
    expect(page.refused).toEqual(expect.stringContaining('TIXNGO may have changed its schema'));
    expect([page.applied, page.nextPaginationKey, page.drained]).toEqual([0, undefined, true]);
  });
});
