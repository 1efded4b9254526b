import { isAxiosError } from 'axios';
import { scrubText } from './redact';

/** What went wrong with an HTTP call, in words a retry policy and an operator understand. */
export type TransportErrorKind =
  | 'network'
  | 'timeout'
  | 'server'
  | 'rate-limited'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'refused'
  | 'bad-response'
  /** The answer is larger than the caller's bound on it: the same request gets the same answer. */
  | 'too-large';

/**
 * The one error type adapters throw for a failed HTTP call. Built from scratch so no request header,
 * query string, body or axios config (which hold API keys and personal data) can ride along: it has
 * no cause, and only the fields below.
 */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly kind?: TransportErrorKind,
  ) {
    super(message);
  }
}

/**
 * 5xx, 408 (request timeout), 425 (too early) and 429 (rate limited) may pass; a refused key
 * (401/403), a wrong path (404), a bad request (400/409/422), any other 4xx or a redirect where an
 * API answer was expected, a retry cannot fix.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

export function kindOfStatus(status: number): TransportErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 422) return 'bad-request';
  if (status === 429) return 'rate-limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'refused';
}

/**
 * The longest Retry-After honoured, in ms: the page activity's maximum retry interval (1 minute,
 * src/workflows/feedback.ts). A server asking for longer (a mistake, or a date years ahead) is
 * asked again after this; the wait it gets is the one in the error's retryAfterMs and message.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Reads a Retry-After header (RFC 9110 §10.2.3): seconds (digits, a fraction tolerated) or an HTTP
 * date, in ms from `now`, at most MAX_RETRY_AFTER_MS; undefined when absent, malformed or negative
 * (the caller's own backoff then applies). A date in the past is 0.
 */
export function parseRetryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string') return undefined;
  const text = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (/^[A-Za-z]{3}, /.test(text)) ms = Date.parse(text) - now;
  else return undefined;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

/** Axios error codes that mean the call ran out of time. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

export interface ToTransportErrorOptions {
  /** Values to scrub from any text taken from the response (API keys). */
  secrets?: readonly (string | undefined)[];
}

/**
 * An HTTP answer with a failing status: retryable or not by the status, with S-360's or TIXNGO's own
 * `message` (scrubbed) and its Retry-After.
 */
export function statusTransportError(
  what: string,
  status: number,
  data: unknown,
  retryAfter: unknown,
  options: ToTransportErrorOptions = {},
): TransportError {
  const serverMessage = (data as { message?: unknown } | undefined)?.message;
  const detail =
    typeof serverMessage === 'string' ? `: ${scrubText(serverMessage, options.secrets ?? [])}` : '';
  return new TransportError(
    `${what} failed with HTTP ${status}${detail}`,
    isRetryableStatus(status),
    status,
    parseRetryAfterMs(retryAfter),
    kindOfStatus(status),
  );
}

/** A call that got no answer (connection refused, reset, out of time): retryable, named by its code. */
export function noAnswerTransportError(what: string, code: string | undefined): TransportError {
  const named = code ?? 'network error';
  const kind = TIMEOUT_CODES.has(named) ? 'timeout' : 'network';
  return new TransportError(`${what} failed: ${named}`, true, undefined, undefined, kind);
}

/** Maps any error of an HTTP call to a scrubbed TransportError naming the system and the operation. */
export function toTransportError(
  error: unknown,
  what: string,
  options: ToTransportErrorOptions = {},
): TransportError {
  if (isAxiosError(error)) {
    const status = error.response?.status;
    if (status !== undefined) {
      return statusTransportError(
        what,
        status,
        error.response?.data,
        error.response?.headers?.['retry-after'],
        options,
      );
    }
    return noAnswerTransportError(what, error.code);
  }
  return new TransportError(
    `${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`,
    true,
    undefined,
    undefined,
    'network',
  );
}
