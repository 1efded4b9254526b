/**
 * A diff page has a size bound in bytes (tixngo.maxPageBytes) that the worker's heap is sized for
 * (bin/worker-node): valid tickets of up to MAX_TICKET_BYTES each, a batch of 1 000 of them, would
 * otherwise take the worker out of memory. A page over the bound is read again with fewer items,
 * from the same key, until it fits: nothing is skipped, the key moves only over what was applied.
 * Real parts: the TIXNGO simulator, the S-360 simulator on PostgreSQL, over HTTP.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { PageInput, PageSummary } from '../../src/activities';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { startPageActivities, type PageActivitiesStack } from '../support/pageActivities';
import { ticket } from '../support/tickets';

const MAX_PAGE_BYTES = 1024 * 1024;

describe('a diff page over its byte bound', () => {
  let stack: PageActivitiesStack;
  let organizerId: string;
  let tixngo: PageActivitiesStack['tixngo'];
  let s360: PageActivitiesStack['s360'];
  let activities: PageActivitiesStack['activities'];

  beforeAll(async () => {
    stack = await startPageActivities('bound', { tixngo: { maxPageBytes: MAX_PAGE_BYTES } });
    ({ organizerId, tixngo, s360, activities } = stack);
  });
  afterAll(() => stack.stop());

  const input: Omit<PageInput, 'paginationKey'> = {
    organizerId: '',
    skipTickets: [],
    strict: false,
    distributionEnabled: true,
    openRejectionTicketIds: [],
  };

  it('is read again with fewer items until it fits; every ticket is applied, none skipped', async () => {
    // 40 valid tickets of ≈ 50 KB each: ≈ 2 MB in one page of the default batch size (1 000).
    const extraInfo = (n: number) =>
      Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [`ExtraInfo${i + 1}`, `${n}`.padEnd(1_000, 'x')]),
      );
    const ids = Array.from({ length: 40 }, (_, n) => `BIG-${n}`);
    tixngo.changes.append(...ids.map((id, n) => ticket(id, 'DOWNLOADED', 1, { extraInfo: extraInfo(n) })));

    const env = new MockActivityEnvironment();
    const pages: PageSummary[] = [];
    let paginationKey: string | undefined;
    for (let read = 0; read < 100; read += 1) {
      const page: PageSummary = await env.run(activities.processDiffPage, {
        ...input,
        organizerId,
        paginationKey,
      });
      pages.push(page);
      paginationKey = page.nextPaginationKey;
      if (page.drained) break;
    }
    expect(pages.at(-1)?.drained).toBe(true);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.reduce((sum, page) => sum + page.applied, 0)).toBe(40);
    expect(pages.reduce((sum, page) => sum + page.rejected.length + page.skipped, 0)).toBe(0);
    // The operator sees why the pages were smaller than the batch size.
    expect(pages[0]?.warning).toContain(`${MAX_PAGE_BYTES} bytes`);

    const gateway = createHttpS360Gateway({
      organizerId,
      baseUrl: s360.url,
      apiKey: 's360-key',
      timeoutMs: 5000,
    });
    for (const id of [ids[0], ids[39]])
      expect((await gateway.getTicket(id ?? ''))?.mobileStatus).toBe('DOWNLOADED');
  });

  it('one ticket alone over the bound: a non-retryable failure naming the bound, the key not moved', async () => {
    const from = tixngo.changes.keyAt(tixngo.changes.size);
    const huge = { ExtraInfo1: 'x'.repeat(MAX_PAGE_BYTES + 1) };
    tixngo.changes.append(ticket('HUGE-1', 'DOWNLOADED', 2, { extraInfo: huge }));
    const failure = await new MockActivityEnvironment()
      .run(activities.processDiffPage, { ...input, organizerId, paginationKey: from })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ nonRetryable: true });
    expect(String((failure as Error).message)).toContain(`over ${MAX_PAGE_BYTES} bytes`);
  });
});
