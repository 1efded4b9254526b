/**
 * An HTTP proxy in front of a simulator, for fault tests: counts requests, can delay the ones a
 * predicate picks, and can refuse everything for a while (the system "unreachable").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayProxy {
  url: string;
  /** Requests forwarded so far, by "METHOD path-without-query". */
  forwarded(match?: (request: string) => boolean): number;
  setDelay(ms: number, match?: (request: string) => boolean): void;
  /** While down, every request gets its connection closed at once. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startDelayProxy(target: string): Promise<DelayProxy> {
  const targetUrl = new URL(target);
  const log: string[] = [];
  let delay = { ms: 0, match: (_request: string): boolean => true };
  let down = false;
  const server = http.createServer((request, response) => {
    if (down) {
      request.socket.destroy();
      return;
    }
    const name = `${request.method} ${(request.url ?? '').split('?')[0]}`;
    const forward = (): void => {
      log.push(name);
      const upstream = http.request(
        {
          hostname: targetUrl.hostname,
          port: targetUrl.port,
          path: request.url,
          method: request.method,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    };
    if (delay.ms > 0 && delay.match(name)) setTimeout(forward, delay.ms);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded: (match = () => true) => log.filter(match).length,
    setDelay: (ms, match = () => true) => void (delay = { ms, match }),
    setDown: (value) => void (down = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
