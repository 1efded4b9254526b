/**
 * Runs of one organizer come a cadence apart (15 s on event day): the TIXNGO client keeps its
 * connection between them for as long as TIXNGO keeps it open, instead of Node's default agent
 * dropping it after 5 s idle and opening a new one (a TLS handshake against the real TIXNGO) at
 * every run (issue 17 item 3).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDiffClient } from '../../src/tixngo/diffClient';

/** A TIXNGO stand-in that keeps idle connections 60 s and counts the connections it accepted. */
async function countingServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  let connections = 0;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ pagination: { nextPageKey: null }, result: [] }));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

it('reuses its connection for a page asked for after more than 5 s idle', async () => {
  const server = await countingServer();
  try {
    const client = createDiffClient({
      organizerId: 'keep-alive',
      baseUrl: server.url,
      diffPath: '/tickets/diff',
      authHeader: 'x-tixngo-key',
      apiKey: 'keep-alive-key',
      timeoutMs: 5_000,
    });
    await client.fetchPage(undefined, 10);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await client.fetchPage(undefined, 10);
    expect(server.connections()).toBe(1);
  } finally {
    await server.close();
  }
}, 30_000);
