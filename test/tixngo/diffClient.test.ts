import { validateDiffItems } from '../../src/domain/diffItem';
import { TransportError } from '../../src/http/transportError';
import { scenarioChanges } from '../../src/sim/tixngo/scenarios';
import { createDiffClient, type DiffClient } from '../../src/tixngo/diffClient';
import { failureOf, startHarness, type Harness } from './harness';

/** Reads the whole diff from the start, page by page, like a feedback run. */
async function drain(client: DiffClient, limit: number): Promise<{ items: unknown[]; pages: number }> {
  const items: unknown[] = [];
  let key: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await client.fetchPage(key, limit);
    items.push(...page.items);
    key = page.nextPageKey ?? key;
    if (page.nextPageKey === null || page.items.length < limit) return { items, pages };
  }
}

describe('the TIXNGO diff client against the simulator, over real HTTP', () => {
  let h: Harness;
  afterEach(async () => h.sim.close());

  describe('paging', () => {
    beforeEach(async () => {
      h = await startHarness();
      h.sim.playScenario('event-day');
    });

    it('reads the whole diff a page at a time, continuing from the pagination key', async () => {
      const expected = scenarioChanges('event-day');
      const { items, pages } = await drain(h.client, 7);
      expect(items).toEqual(expected);
      expect(pages).toBe(Math.floor(expected.length / 7) + 1);
    });

    it('resumes later from the last key and sees only the new changes', async () => {
      const first = await h.client.fetchPage(undefined, 10_000);
      h.sim.changes.append({
        ticketId: 'NEW-1',
        status: 'INJECTED',
        statusChangedAt: '2026-11-23T12:00:00Z',
      });
      const next = await h.client.fetchPage(first.nextPageKey ?? undefined, 10_000);
      expect(next.items).toEqual([
        { ticketId: 'NEW-1', status: 'INJECTED', statusChangedAt: '2026-11-23T12:00:00Z' },
      ]);
    });

    it.each([0, 10_001, 1.5])('refuses a limit of %s before calling TIXNGO', async (limit) => {
      await expect(h.client.fetchPage(undefined, limit)).rejects.toThrow(RangeError);
      expect(h.sim.stats().requests).toBe(0);
    });
  });

  it('uses the configured base URL, path and auth header name', async () => {
    h = await startHarness({
      simulator: {
        authHeader: 'X-Api-Key',
        diffPath: '/v3/organizer/changes',
        ticketPath: '/v3/organizer/t/{ticketId}',
      },
    });
    h.sim.playScenario('download');
    const client = h.clientWith({
      baseUrl: `${h.sim.url}/v3/organizer`,
      diffPath: '/changes',
      authHeader: 'X-Api-Key',
      ticketPath: '/t/{ticketId}',
    });
    expect((await client.fetchPage(undefined, 100)).items).toHaveLength(2);
    expect(await client.getTicket('DL-1')).toMatchObject({ status: 'DOWNLOADED' });
  });

  describe('retryable faults are retried in process, with backoff, then handed to Temporal', () => {
    beforeEach(async () => {
      h = await startHarness({
        faults: { retryAfterSeconds: 3, slowMs: 50, hangMs: 60_000 },
        client: { timeoutMs: 400 },
      });
      h.sim.playScenario('transfer-accepted');
    });

    it.each([
      [['500'], 1],
      [['502', '503'], 2],
      [['504'], 1],
      [['timeout'], 1],
      [['reset'], 1],
      [['garbage'], 1],
      [['503', 'timeout'], 2],
      [['slow'], 0],
    ] as const)('after %j the page still arrives (%i retries)', async (faults, retries) => {
      h.sim.faults.next([...faults]);
      const page = await h.client.fetchPage(undefined, 100);
      expect(page.items).toEqual(scenarioChanges('transfer-accepted'));
      expect(h.sim.stats().requests).toBe(retries + 1);
      expect(h.sleeps).toHaveLength(retries);
    });

    it('backs off exponentially with jitter between attempts', async () => {
      h.sim.faults.next(['500', '500']);
      await h.client.fetchPage(undefined, 100);
      // random() = 0.5 → 3/4 of 250 ms, then of 500 ms
      expect(h.sleeps).toEqual([188, 375]);
    });

    it('honours Retry-After on 429', async () => {
      h.sim.faults.next(['429']);
      await h.client.fetchPage(undefined, 100);
      expect(h.sleeps).toEqual([3000]);
    });

    it('hands a long Retry-After to Temporal, bounded, instead of waiting in process', async () => {
      // Years ahead: honoured only up to MAX_RETRY_AFTER_MS (1 minute).
      h.sim.faults.set({ retryAfterSeconds: 999_999_999 });
      h.sim.faults.next(['429']);
      const error = await failureOf(h.client.fetchPage(undefined, 100));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({
        retryable: true,
        status: 429,
        kind: 'rate-limited',
        retryAfterMs: 60_000,
      });
      expect((error as Error).message).toBe(
        'TIXNGO is rate-limiting organizer "fifa-wc" (429 on GET /tickets/diff; retry after 60 s).',
      );
      expect(h.sleeps).toEqual([]);
    });

    it.each([
      [
        ['500', '502', '503'],
        'server',
        503,
        'TIXNGO failed to answer organizer "fifa-wc" (HTTP 503 on GET /tickets/diff) after 3 attempts.',
      ],
      [
        ['timeout', 'timeout', 'timeout'],
        'timeout',
        undefined,
        'TIXNGO did not answer organizer "fifa-wc" within 400 ms (GET /tickets/diff) after 3 attempts.',
      ],
      [
        ['reset', 'reset', 'reset'],
        'network',
        undefined,
        'TIXNGO could not be reached for organizer "fifa-wc" (ECONNRESET on GET /tickets/diff) after 3 attempts.',
      ],
      [
        ['garbage', 'garbage', 'garbage'],
        'bad-response',
        undefined,
        'TIXNGO answered organizer "fifa-wc" with an unexpected body (GET /tickets/diff): text that is not JSON after 3 attempts.',
      ],
      [
        ['429', '429', '429'],
        'rate-limited',
        429,
        'TIXNGO is rate-limiting organizer "fifa-wc" (429 on GET /tickets/diff; retry after 3 s) after 3 attempts.',
      ],
    ] as const)(
      'after %j on every attempt: a retryable TransportError (%s)',
      async (faults, kind, status, message) => {
        h.sim.faults.next([...faults]);
        const error = await failureOf(h.client.fetchPage(undefined, 100));
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({ retryable: true, kind, status });
        expect((error as Error).message).toBe(message);
        expect(h.sim.stats().requests).toBe(3);
      },
    );

    it('retries as configured (0 = none)', async () => {
      h.sim.faults.next(['503']);
      const error = await failureOf(h.clientWith({ retry: { maxRetries: 0 } }).fetchPage(undefined, 100));
      expect((error as Error).message).toBe(
        'TIXNGO failed to answer organizer "fifa-wc" (HTTP 503 on GET /tickets/diff).',
      );
    });
  });

  describe('refusals are not retried and say what to do', () => {
    beforeEach(async () => {
      h = await startHarness();
      h.sim.playScenario('download');
    });

    it.each([
      [
        '401',
        401,
        'unauthorized',
        'TIXNGO refused the API key of organizer "fifa-wc" (401 on GET /tickets/diff). Check TIXNGO_API_KEY__FIFA_WC.',
      ],
      [
        '403',
        403,
        'forbidden',
        'TIXNGO denied organizer "fifa-wc" access (403 on GET /tickets/diff). Check that TIXNGO_API_KEY__FIFA_WC is this organizer\'s key and may read its tickets.',
      ],
      [
        '404',
        404,
        'not-found',
        'TIXNGO has no GET /tickets/diff for organizer "fifa-wc" (404). Check the organizer\'s TIXNGO base URL and paths (tixngo.baseUrl, tixngo.diffPath).',
      ],
      [
        '400',
        400,
        'bad-request',
        'TIXNGO rejected the request of organizer "fifa-wc" (400 on GET /tickets/diff): bad request. Check the pagination key and the batch size.',
      ],
    ] as const)(
      '%s → a non-retryable TransportError naming the organizer and the endpoint',
      async (fault, status, kind, message) => {
        h.sim.faults.next([fault]);
        const error = await failureOf(h.client.fetchPage(undefined, 100));
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({ retryable: false, status, kind });
        expect((error as Error).message).toBe(message);
        expect(h.sim.stats().requests).toBe(1);
        expect(h.sleeps).toEqual([]);
      },
    );

    it('a wrong key is refused as 401', async () => {
      const error = await failureOf(h.clientWith({ apiKey: 'not-the-key' }).fetchPage(undefined, 100));
      expect(error).toMatchObject({ retryable: false, status: 401, kind: 'unauthorized' });
    });

    it('an unknown pagination key is a bad request with TIXNGO’s reason', async () => {
      const error = await failureOf(h.client.fetchPage('bm9wZQ', 100));
      expect((error as Error).message).toBe(
        'TIXNGO rejected the request of organizer "fifa-wc" (400 on GET /tickets/diff): unknown paginationKey "bm9wZQ". Check the pagination key and the batch size.',
      );
    });

    it('TIXNGO out of reach is a retryable network error', async () => {
      await h.sim.close();
      const error = await failureOf(h.client.fetchPage(undefined, 100));
      expect(error).toMatchObject({ retryable: true, kind: 'network' });
      expect((error as Error).message).toMatch(
        /^TIXNGO could not be reached for organizer "fifa-wc" \(ECONNREFUSED on GET \/tickets\/diff\) after 3 attempts\.$/,
      );
      h = await startHarness(); // afterEach closes this one
    });
  });

  describe('bad data is served, and the page goes on', () => {
    it('malformed items come back as rejected items, with the ticket id when known', async () => {
      h = await startHarness({ faults: { malformedRate: 0.5, seed: 7 } });
      h.sim.playScenario('event-day');
      const { items } = await drain(h.client, 50);
      const { valid, rejected } = validateDiffItems(items);
      expect(items).toHaveLength(scenarioChanges('event-day').length);
      expect(rejected.length).toBe(h.sim.stats().malformed);
      expect(rejected.length).toBeGreaterThan(0);
      expect(valid.length + rejected.length).toBe(items.length);
      for (const item of rejected) {
        expect(item.path).toMatch(
          /^(status|statusChangedAt|transfer\.\w+|ticketId|spectatorDetails|\(item\))$/,
        );
        if (item.path !== 'ticketId' && item.path !== '(item)') expect(item.ticketId).toBeDefined();
      }
    });

    it('skipped changes make room for later ones: a page stays full until the log ends', async () => {
      h = await startHarness({ faults: { skipIntermediateRate: 1 } });
      h.sim.playScenario('event-day');
      const { items } = await drain(h.client, 5);
      const lastOfEach = new Map(scenarioChanges('event-day').map((item) => [item.ticketId, item]));
      expect(items).toEqual(
        [...lastOfEach.values()].sort((a, b) => a.statusChangedAt.localeCompare(b.statusChangedAt)),
      );
      const page = await h.client.fetchPage(undefined, 5);
      expect(page.items).toHaveLength(5);
    });

    it('a ticket twice in a page is served twice', async () => {
      h = await startHarness({ faults: { duplicateRate: 1 } });
      h.sim.playScenario('download');
      const page = await h.client.fetchPage(undefined, 100);
      const [injected, downloaded] = scenarioChanges('download');
      expect(page.items).toEqual([injected, injected, downloaded, downloaded]);
    });

    it('statuses skipped between polls: only a ticket’s last change is seen (A → B → A)', async () => {
      h = await startHarness({ faults: { skipIntermediateRate: 1 } });
      h.sim.playScenario('sent-back');
      const page = await h.client.fetchPage(undefined, 100);
      expect(page.items).toEqual(scenarioChanges('sent-back').slice(-1));
      expect(page.items).toMatchObject([{ status: 'TRANSFERRED', spectatorDetails: { firstName: 'Anna' } }]);
      expect(h.sim.stats().skipped).toBe(scenarioChanges('sent-back').length - 1);
    });

    it('a change is only skipped when a later one of its ticket is already there', async () => {
      h = await startHarness({ faults: { skipIntermediateRate: 1 } });
      const [first, second] = scenarioChanges('download');
      h.sim.changes.append(first);
      const page = await h.client.fetchPage(undefined, 100);
      expect(page.items).toEqual([first]);
      h.sim.changes.append(second);
      expect((await h.client.fetchPage(page.nextPageKey ?? undefined, 100)).items).toEqual([second]);
    });
  });

  it('survives an event day of random faults: every change is read once, in order', async () => {
    h = await startHarness({
      faults: {
        seed: 2026,
        errorRate5xx: 0.25,
        rate429: 0.1,
        retryAfterSeconds: 0,
        timeoutRate: 0.05,
        hangMs: 5_000,
      },
      client: { timeoutMs: 300 },
    });
    h.sim.generate({ count: 2_000, transferShare: 0.3, seed: 11 });
    const items: unknown[] = [];
    let key: string | undefined;
    let temporalRetries = 0;
    for (;;) {
      let page;
      try {
        page = await h.client.fetchPage(key, 250);
      } catch (error) {
        // What Temporal does: retry the activity from the same key.
        if (error instanceof TransportError && error.retryable) {
          temporalRetries += 1;
          continue;
        }
        throw error;
      }
      items.push(...page.items);
      key = page.nextPageKey ?? key;
      if (page.items.length < 250) break;
    }
    expect(items).toHaveLength(h.sim.changes.size);
    expect(validateDiffItems(items).rejected).toEqual([]);
    expect(new Set(items.map((item) => JSON.stringify(item))).size).toBe(items.length);
    expect(h.sim.stats().requests).toBeGreaterThan(items.length / 250);
    const served = h.sim.stats().served;
    expect((served['500'] ?? 0) + (served['503'] ?? 0) + (served['429'] ?? 0)).toBeGreaterThan(0);
    expect(temporalRetries + h.sleeps.length).toBeGreaterThan(0);
  });

  describe('getTicket: one ticket’s current state, for reconciliation', () => {
    beforeEach(async () => {
      h = await startHarness();
      h.sim.playScenario('event-day');
    });

    it('returns the newest change of the ticket, validated', async () => {
      expect(await h.client.getTicket('TRA-1')).toEqual(scenarioChanges('transfer-accepted').at(-1));
    });

    it('goes by TIXNGO’s change time, not arrival order', async () => {
      h.sim.changes.append({
        ticketId: 'TRA-1',
        status: 'PENDING_TRANSFER',
        statusChangedAt: '2026-11-22T00:00:00Z',
      });
      expect(await h.client.getTicket('TRA-1')).toMatchObject({ status: 'TRANSFERRED' });
    });

    it('returns null for a ticket TIXNGO does not know', async () => {
      expect(await h.client.getTicket('NOPE-1')).toBeNull();
    });

    it('handles ticket ids with spaces, slashes and parentheses', async () => {
      const ticketId = 'AB 12/3 (x)+*.-_';
      h.sim.changes.append({ ticketId, status: 'DOWNLOADED', statusChangedAt: '2026-11-23T09:00:00Z' });
      expect(await h.client.getTicket(ticketId)).toMatchObject({ ticketId, status: 'DOWNLOADED' });
    });

    it('retries like fetchPage and names the ticket endpoint when refused', async () => {
      h.sim.faults.next(['503']);
      expect(await h.client.getTicket('DL-1')).toMatchObject({ status: 'DOWNLOADED' });
      h.sim.faults.next(['401']);
      await expect(h.client.getTicket('DL-1')).rejects.toThrow(
        'TIXNGO refused the API key of organizer "fifa-wc" (401 on GET /tickets/{ticketId}). Check TIXNGO_API_KEY__FIFA_WC.',
      );
    });

    it('refuses a ticket whose current state is invalid, naming the field', async () => {
      h.sim.changes.append({
        ticketId: 'BAD-1',
        status: 'WHATEVER',
        statusChangedAt: '2026-11-23T09:00:00Z',
      });
      const error = await failureOf(h.client.getTicket('BAD-1'));
      expect(error).toMatchObject({ retryable: false, kind: 'bad-response' });
      expect((error as Error).message).toBe(
        'TIXNGO answered organizer "fifa-wc" with an unexpected body (GET /tickets/{ticketId}): ticket "BAD-1": status: unknown status "WHATEVER".',
      );
    });
  });

  it('a client is a plain object: creating one calls nothing', () => {
    const client = createDiffClient({
      organizerId: 'x',
      baseUrl: 'http://127.0.0.1:9',
      diffPath: '/tickets/diff',
      authHeader: 'x-tixngo-key',
      apiKey: 'k',
      timeoutMs: 1000,
    });
    expect(Object.keys(client).sort()).toEqual(['fetchPage', 'getTicket']);
  });
});
