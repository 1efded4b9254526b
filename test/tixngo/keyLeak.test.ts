import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { FAULT_NAMES, type FaultName } from '../../src/sim/tixngo/faults';
import { createDiffClient, type DiffClient } from '../../src/tixngo/diffClient';
import { API_KEY, failureOf, startHarness, type Harness } from './harness';

/** Every way an error can be looked at: message, stack, cause chain, serialized, inspected. */
function everyViewOf(error: unknown): string[] {
  const views: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (current instanceof Error) {
      views.push(current.message, current.stack ?? '', String(current));
      for (const name of Object.getOwnPropertyNames(current)) {
        views.push(inspect((current as unknown as Record<string, unknown>)[name], { depth: 10 }));
      }
    }
    views.push(JSON.stringify(current) ?? '', inspect(current, { depth: 10, showHidden: true }));
    current = current instanceof Error ? current.cause : undefined;
  }
  return views;
}

function expectNoKey(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const view of everyViewOf(error)) {
    expect(view).not.toContain(API_KEY);
    expect(view).not.toContain('tx-SECRET');
  }
}

const FAULTS = FAULT_NAMES.filter(
  (fault): fault is Exclude<FaultName, 'ok' | 'slow'> => fault !== 'ok' && fault !== 'slow',
);

describe('no API key appears in any error the TIXNGO client throws', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ faults: { retryAfterSeconds: 0, hangMs: 30_000 }, client: { timeoutMs: 300 } });
    h.sim.playScenario('download');
  });
  afterEach(async () => h.sim.close());

  it.each(FAULTS)('fetchPage failing with %s', async (fault) => {
    h.sim.faults.next([fault, fault, fault]);
    expectNoKey(await failureOf(h.client.fetchPage(undefined, 100)));
  });

  // (404 is not a failure for getTicket: TIXNGO does not know the ticket, and it returns null.)
  it.each(FAULTS.filter((fault) => fault !== '404'))('getTicket failing with %s', async (fault) => {
    h.sim.faults.next([fault, fault, fault]);
    expectNoKey(await failureOf(h.client.getTicket('DL-1')));
  });

  it('a wrong key (the simulator expects another)', async () => {
    const other = await startHarness({ simulator: { apiKey: 'another-key-entirely' } });
    try {
      expectNoKey(await failureOf(other.client.fetchPage(undefined, 100)));
    } finally {
      await other.sim.close();
    }
  });

  it('TIXNGO unreachable', async () => {
    await h.sim.close();
    expectNoKey(await failureOf(h.client.fetchPage(undefined, 100)));
    h = await startHarness();
  });

  it('a key misconfigured into the diff path is not in the error either', async () => {
    const client = h.clientWith({ diffPath: `/tickets/diff?apiKey=${API_KEY}` });
    h.sim.faults.next(['401']);
    const error = await failureOf(client.fetchPage(undefined, 100));
    expectNoKey(error);
    expect((error as Error).message).toContain('(401 on GET /tickets/diff)');
  });

  it('a pagination key in the query string is not in the error either', async () => {
    const error = await failureOf(h.client.fetchPage(`${API_KEY}-as-a-key`, 100));
    expectNoKey(error);
    expect((error as Error).message).toContain('[redacted]');
  });
});

describe('a TIXNGO that echoes the key and the URL back is scrubbed', () => {
  let server: Server;
  let client: DiffClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const key = String(request.headers['x-tixngo-key']);
      const status = request.url?.includes('limit=2') ? 500 : request.url?.includes('limit=3') ? 302 : 400;
      response.writeHead(status, {
        'content-type': 'application/json',
        location: `http://evil.example/?key=${key}`,
        'x-echo': key,
      });
      response.end(
        JSON.stringify({
          message: `bad key ${key} on http://user:${key}@tixngo.example${request.url} \u0000 and more`,
          key,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = createDiffClient({
      organizerId: 'echo',
      baseUrl: `http://127.0.0.1:${port}`,
      diffPath: '/tickets/diff',
      authHeader: 'x-tixngo-key',
      apiKey: API_KEY,
      timeoutMs: 2_000,
      sleep: async () => undefined,
    });
  });

  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    [1, 'a 400 whose message repeats the key and the URL'],
    [2, 'a 500 with the key in headers and body'],
    [3, 'a redirect to a URL carrying the key'],
  ])('limit=%i: %s', async (limit) => {
    const error = await failureOf(client.fetchPage('page-key-1', limit));
    expectNoKey(error);
    expect((error as Error).message).not.toContain('page-key-1');
    expect(error).toMatchObject({ retryable: limit === 2 });
  });

  it('keeps the useful part of the server message', async () => {
    const error = await failureOf(client.fetchPage(undefined, 1));
    expect((error as Error).message).toBe(
      'TIXNGO rejected the request of organizer "echo" (400 on GET /tickets/diff): bad key [redacted] on http://tixngo.example/tickets/diff   and more. Check the pagination key and the batch size.',
    );
  });
});
