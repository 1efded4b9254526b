import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_PAGE_KEY_BYTES } from '../../src/domain/pagination';
import { TransportError } from '../../src/http/transportError';
import { createDiffClient, type DiffClient } from '../../src/tixngo/diffClient';
import { failureOf } from './harness';

/**
 * The page envelope at the TIXNGO edge (SPEC §10): what TIXNGO sends beside the items —
 * `pagination.nextPageKey` above all — is checked when the page is read, before a key is carried
 * or stored. A server answering one fixed body, over real HTTP.
 */
describe('the diff page envelope, checked when the page is read', () => {
  let server: Server;
  let body = '';
  let requests = 0;
  let client: DiffClient;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = createDiffClient({
      organizerId: 'fifa-wc',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      diffPath: '/tickets/diff',
      authHeader: 'x-tixngo-key',
      apiKey: 'tx-key-not-shown',
      timeoutMs: 5_000,
      sleep: async () => undefined,
    });
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests = 0;
  });

  const answer = (nextPageKey: unknown, result: unknown = []): void => {
    body = JSON.stringify({ pagination: { nextPageKey }, result });
  };

  it('accepts a key up to the bound', async () => {
    const key = 'k'.repeat(MAX_PAGE_KEY_BYTES);
    answer(key);
    expect((await client.fetchPage(undefined, 10)).nextPageKey).toBe(key);
  });

  it.each([
    ['200 KB', 200_000],
    ['3 MB', 3_000_000],
  ])('refuses a %s key at once, not retried, naming its size and the bound', async (_label, bytes) => {
    answer('k'.repeat(bytes), [
      { ticketId: 'T-1', status: 'INJECTED', statusChangedAt: '2026-11-23T10:00:00Z' },
    ]);
    const error = await failureOf(client.fetchPage('previous-key', 10));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ retryable: false, kind: 'bad-response' });
    expect((error as Error).message).toContain(
      `pagination.nextPageKey is ${bytes} bytes, more than the ${MAX_PAGE_KEY_BYTES} a pagination key may take`,
    );
    expect(requests).toBe(1);
  });

  it('counts the bound in UTF-8 bytes', async () => {
    answer('é'.repeat(MAX_PAGE_KEY_BYTES / 2 + 1));
    const error = await failureOf(client.fetchPage(undefined, 10));
    expect((error as Error).message).toContain(`is ${MAX_PAGE_KEY_BYTES + 2} bytes`);
  });

  it('reads a numeric key as its decimal string (an opaque key written as a number)', async () => {
    answer(1234567);
    expect((await client.fetchPage(undefined, 10)).nextPageKey).toBe('1234567');
  });

  it.each([
    ['a fraction', 12.5],
    ['an unsafe integer', 2 ** 60],
    ['a boolean', true],
    ['an object', { at: 1 }],
    ['a list', ['a']],
  ])('refuses a key that is %s, not retried, naming the field', async (_label, key) => {
    answer(key);
    const error = await failureOf(client.fetchPage(undefined, 10));
    expect(error).toMatchObject({ retryable: false, kind: 'bad-response' });
    expect((error as Error).message).toContain('pagination.nextPageKey');
    expect(requests).toBe(1);
  });

  it.each([
    ['pagination is a string', { pagination: 'next', result: [] }, 'pagination'],
    ['result is an object', { pagination: { nextPageKey: null }, result: {} }, 'result'],
    ['result is missing', { pagination: { nextPageKey: null } }, 'result'],
    ['the body is a list', [], '(root)'],
  ])(
    'an envelope where %s: a clear failure naming the field, bounded retries',
    async (_label, raw, field) => {
      body = JSON.stringify(raw);
      const error = await failureOf(client.fetchPage(undefined, 10));
      expect(error).toMatchObject({ kind: 'bad-response' });
      expect((error as Error).message).toContain(`(${field}:`);
      expect(requests).toBeLessThanOrEqual(3);
    },
  );

  it('refuses to send a key over the bound (one stored before it was checked), naming its size, not retried', async () => {
    answer(null);
    const error = await failureOf(client.fetchPage('k'.repeat(200_000), 10));
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain(
      `is 200000 bytes, more than the ${MAX_PAGE_KEY_BYTES} a pagination key may take`,
    );
    expect((error as Error).message).toContain('--pagination-key');
    expect(requests).toBe(0);
  });
});
