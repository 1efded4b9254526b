import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { KEEP_ALIVE_HTTP, KEEP_ALIVE_HTTPS } from './keepAliveAgents';

export interface JsonRequesterOptions {
  /** e.g. `https://s360.example` (a path in it is kept as the prefix of every request's path). */
  baseUrl: string;
  /** The whole request, from sending to the last byte of the answer, in milliseconds. */
  timeoutMs: number;
  /** Sent with every request (e.g. authorization). */
  headers: Readonly<Record<string, string>>;
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, already encoded, appended to the base URL's path. */
  path: string;
  /** Sent as JSON when given. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export interface JsonResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; the text itself when it is not JSON; '' when empty. */
  data: unknown;
}

/**
 * A call that got no answer: `code` says why (`ETIMEDOUT` when the time ran out, else the socket's
 * code, e.g. `ECONNREFUSED`). Its message is only that code: no URL, header or body.
 */
export class NoAnswer extends Error {
  override name = 'NoAnswer';
  constructor(readonly code: string) {
    super(code);
  }
}

function parsed(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One JSON call over Node's HTTP client, on kept-alive connections: the few things an API adapter
 * needs (JSON in and out, a deadline, any status answered as data) without a general client's
 * per-call work. Rejects only with `NoAnswer`.
 */
export function createJsonRequester(
  options: JsonRequesterOptions,
): (call: JsonRequest) => Promise<JsonResponse> {
  const base = new URL(options.baseUrl);
  const https = base.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const agent = https ? KEEP_ALIVE_HTTPS : KEEP_ALIVE_HTTP;
  const prefix = base.pathname.replace(/\/$/, '');
  const common = { accept: 'application/json', ...options.headers };

  return (call) =>
    new Promise<JsonResponse>((resolve, reject) => {
      const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
      const headers: Record<string, string | number> = { ...common, ...call.headers };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      let settled = false;
      const fail = (code: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new NoAnswer(code));
      };
      const request = send(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || undefined,
          method: call.method,
          path: `${prefix}${call.path}`,
          headers,
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ECONNRESET'));
          response.on('aborted', () => fail('ECONNRESET'));
          response.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              data: parsed(Buffer.concat(chunks).toString('utf8')),
            });
          });
        },
      );
      const timer = setTimeout(() => {
        fail('ETIMEDOUT');
        request.destroy();
      }, options.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'network error'));
      request.end(payload);
    });
}
