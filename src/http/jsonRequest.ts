import { Agent, request } from 'undici';

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
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON; the text itself when it is not JSON; '' when empty. */
  data: unknown;
}

/** The largest answer body read, in bytes: an answer over it is a `NoAnswer` (every payload has a bound). */
export const MAX_JSON_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The adapters' connection pool (undici's Agent, one pool per origin): connections kept alive and
 * reused across calls, activities and runs, up to a minute idle (or the server's own Keep-Alive hint,
 * up to 10 minutes), so a run every 15 s does not open a new one with its TLS handshake each time.
 */
const KEEP_ALIVE = new Agent({
  keepAliveTimeout: 60_000,
  keepAliveMaxTimeout: 600_000,
  maxResponseSize: MAX_JSON_RESPONSE_BYTES,
});

/**
 * A call that got no answer: `code` says why (`ETIMEDOUT` when the time ran out, else the socket's
 * or undici's code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`). Its message is only that code: no URL,
 * header or body.
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

/** The error's code (a socket's `ECONNREFUSED`, undici's `UND_ERR_…`), never its message (it may name the URL). */
function codeOf(error: unknown): string {
  // Not `instanceof Error`: an error of another realm (a test sandbox's) is one too.
  let cause: unknown = error;
  for (let depth = 0; typeof cause === 'object' && cause !== null && depth < 3; depth += 1) {
    const { code, cause: next } = cause as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
    cause = next;
  }
  return 'network error';
}

/**
 * One JSON call with undici (Node.js's own HTTP client library) on kept-alive connections: JSON in
 * and out, a deadline for the whole call, any status answered as data. Rejects only with `NoAnswer`.
 */
export function createJsonRequester(
  options: JsonRequesterOptions,
): (call: JsonRequest) => Promise<JsonResponse> {
  const base = new URL(options.baseUrl);
  const origin = base.origin;
  const prefix = base.pathname.replace(/\/$/, '');
  const common = { accept: 'application/json', ...options.headers };

  return async (call) => {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = { ...common, ...call.headers };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
    try {
      const response = await request(`${origin}${prefix}${call.path}`, {
        method: call.method,
        headers,
        body: payload,
        dispatcher: KEEP_ALIVE,
        signal: deadline.signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, data: parsed(text) };
    } catch (error) {
      throw new NoAnswer(deadline.signal.aborted ? 'ETIMEDOUT' : codeOf(error));
    } finally {
      clearTimeout(timer);
    }
  };
}
