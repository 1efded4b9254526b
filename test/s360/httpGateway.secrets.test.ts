/**
 * SPEC §9: secrets never appear in errors. Every way the adapter can fail is provoked and the
 * resulting error is searched for the API key: message, stack, cause, JSON, inspect, and the
 * Temporal failure the activities would raise from it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { toActivityFailure } from '../../src/activities/failures';
import { TransportError } from '../../src/http/transportError';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import type { S360Gateway } from '../../src/s360/gateway';
import { uniqueSuffix } from '../support/env';
import { startSimulatedS360, type SimulatedS360 } from './support/simulators';

const SECRET = `sk-live-${uniqueSuffix()}-do-not-leak`;

function everythingAbout(error: unknown): string {
  const failure = toActivityFailure(error);
  const parts: unknown[] = [error, failure];
  return parts
    .flatMap((part) => {
      if (!(part instanceof Error)) return [String(part)];
      return [
        part.message,
        part.stack ?? '',
        String(part.cause ?? ''),
        JSON.stringify(part),
        JSON.stringify(
          Object.getOwnPropertyNames(part).map((name) => [name, String(Reflect.get(part, name))]),
        ),
        inspect(part, { depth: 10, showHidden: true }),
      ];
    })
    .join('\n');
}

async function failureOf(operation: () => Promise<unknown>): Promise<TransportError> {
  const error = await operation().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

/** A server that accepts requests and never answers (the adapter's timeout fires). */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const pending: http.ServerResponse[] = [];
  const server = http.createServer((_request, response) => void pending.push(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        pending.forEach((response) => response.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server that answers 500 and echoes the request's headers back, as a careless proxy might. */
async function echoingFailingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    response.writeHead(500, {
      'content-type': 'application/json',
      'x-echo-auth': String(request.headers.authorization),
    });
    response.end(JSON.stringify({ error: 'boom', headers: request.headers }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the S-360 adapter never lets the API key out in an error', () => {
  let s: SimulatedS360;
  const gatewayAt = (baseUrl: string, timeoutMs = 5000): S360Gateway =>
    createHttpS360Gateway({ organizerId: 'org-secrets', baseUrl, apiKey: SECRET, timeoutMs });

  beforeAll(async () => {
    s = await startSimulatedS360('secrets', 'postgresql');
  });

  afterAll(async () => {
    await s.stop();
  });

  it('a refused key (401): non-retryable, names organizer and operation, no key', async () => {
    const error = await failureOf(() => gatewayAt(s.sim.url).getTicket('T-1'));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toContain('S-360 GET /api/v1/tickets/{ticketId} for organizer "org-secrets"');
    expect(everythingAbout(error)).not.toContain(SECRET);
    expect(toActivityFailure(error).type).toBe('RequestRefused');
  });

  it('a refused request (422, reused idempotency key): no key', async () => {
    const gateway = createHttpS360Gateway({
      organizerId: 'org-secrets',
      baseUrl: s.sim.url,
      apiKey: s.apiKey,
      timeoutMs: 5000,
    });
    const key = `k-${uniqueSuffix()}`;
    await gateway.createContact({ email: 'a@example.test', temporary: true }, { idempotencyKey: key });
    const error = await failureOf(() =>
      gateway.createContact({ email: 'b@example.test', temporary: true }, { idempotencyKey: key }),
    );
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect(everythingAbout(error)).not.toContain(s.apiKey);
  });

  it('a server error that echoes the request headers (500): retryable, no key', async () => {
    const server = await echoingFailingServer();
    try {
      const error = await failureOf(() => gatewayAt(server.url).applyMobileUpdates([]));
      expect(error).toMatchObject({ status: 500, retryable: true });
      expect(everythingAbout(error)).not.toContain(SECRET);
    } finally {
      await server.close();
    }
  });

  it('S-360 unreachable (connection refused): retryable, no key', async () => {
    const server = await silentServer();
    const url = server.url;
    await server.close();
    const error = await failureOf(() => gatewayAt(url).findContactsByEmail('someone@example.test'));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'S-360 GET /api/v1/contacts?email=… for organizer "org-secrets" failed: ECONNREFUSED',
    );
    expect(everythingAbout(error)).not.toContain(SECRET);
    expect(everythingAbout(error)).not.toContain('someone@example.test');
  });

  it('S-360 too slow (timeout): retryable, no key', async () => {
    const server = await silentServer();
    try {
      const error = await failureOf(() =>
        gatewayAt(server.url, 200).addDistributionLine(
          'T-1',
          { oldContactId: 1, newContactId: 2, occurredAt: new Date().toISOString(), by: 'test' },
          { idempotencyKey: 'k' },
        ),
      );
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(
        'S-360 POST /api/v1/tickets/{ticketId}/distribution-lines for organizer',
      );
      expect(everythingAbout(error)).not.toContain(SECRET);
    } finally {
      await server.close();
    }
  });
});
