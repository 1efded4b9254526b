import axios, { isAxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import { validateDiffItem, type DiffItem } from '../domain/diffItem';
import { readPageKey } from '../domain/pagination';
import { DEFAULT_MAX_PAGE_BYTES } from '../domain/settings';
import { KEEP_ALIVE_HTTP, KEEP_ALIVE_HTTPS } from '../http/keepAliveAgents';
import { redactSecrets, scrubText } from '../http/redact';
import { isRetryableStatus, kindOfStatus, parseRetryAfterMs, TransportError } from '../http/transportError';
import { tixngoFailure, type FailureContext, type FailureFacts } from './errors';
import { retryDelayMs, retryPolicy, type RetryPolicy } from './retryPolicy';

export interface DiffClientOptions {
  organizerId: string;
  /** e.g. `https://api.tixngo.io/v3/organizer` */
  baseUrl: string;
  /** Path of the diff endpoint under baseUrl, e.g. `/tickets/diff`. */
  diffPath: string;
  /** Name of the header that carries the organizer's API key, e.g. `x-tixngo-key`. */
  authHeader: string;
  apiKey: string;
  /** Deadline of one attempt, from request to the last byte of the answer. */
  timeoutMs: number;
  /** Path of one ticket's current state; `{ticketId}` is replaced. Default `/tickets/{ticketId}`. */
  ticketPath?: string;
  /** In-process retries of retryable failures (default: 2 retries, backoff with jitter). */
  retry?: Partial<RetryPolicy>;
  /** Largest answer accepted, in bytes (default 256 MiB). */
  maxResponseBytes?: number;
  /** Injected for tests: how to wait between attempts, and the jitter source. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface DiffPage {
  /** Raw items, validated one by one by the caller. */
  items: unknown[];
  nextPageKey: string | null;
}

/** Per call: `signal` aborts the request in flight and any retry (the activity was cancelled). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface DiffClient {
  /**
   * One page of the diff from a pagination key (absent on an organizer's first call). When
   * `options.signal` aborts, the request is aborted and the call rejects with the signal's reason.
   * A key given or answered that readPageKey refuses (over MAX_PAGE_KEY_BYTES, not a string or an
   * integer) is a non-retryable TransportError naming the field and, for a long key, its size.
   */
  fetchPage(paginationKey: string | undefined, limit: number, options?: CallOptions): Promise<DiffPage>;
  /** One ticket's current state in TIXNGO, or null when TIXNGO does not know it. */
  getTicket(ticketId: string): Promise<DiffItem | null>;
}

/**
 * A diff page's envelope (SPEC §10); items are validated one by one by the caller, the key by
 * readPageKey (src/domain/pagination.ts).
 */
const DiffPageEnvelope = z.object({
  pagination: z.object({ nextPageKey: z.unknown() }).nullable().optional(),
  result: z.array(z.unknown()),
});

/** TIXNGO's largest page (its reporting API's documented maximum). */
export const MAX_LIMIT = 10_000;
export const DEFAULT_TICKET_PATH = '/tickets/{ticketId}';

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  path: string;
  /** The caller gave up (activity cancelled): abort, and retry no more. */
  signal?: AbortSignal;
  params?: Record<string, string | number>;
  /** Statuses that are an answer, not a failure. */
  accept: (status: number) => boolean;
}

/** Reads TIXNGO's diff endpoint, a page at a time, and single tickets, with bounded retries. */
export function createDiffClient(options: DiffClientOptions): DiffClient {
  const policy = retryPolicy(options.retry);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_PAGE_BYTES;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const secrets = [options.apiKey];
  const ticketPath = options.ticketPath ?? DEFAULT_TICKET_PATH;
  /** How an endpoint is named in errors: method and path, never a query string or a key. */
  const endpoint = (path: string): string => `GET ${redactSecrets(path.split(/[?#]/)[0] ?? '', secrets)}`;
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: {
      [options.authHeader]: options.apiKey,
      accept: 'application/json',
      'user-agent': 'tixngo-feedback',
    },
    maxContentLength: maxResponseBytes,
    maxRedirects: 0,
    // Kept between runs a cadence apart, as long as TIXNGO keeps the connection open.
    httpAgent: KEEP_ALIVE_HTTP,
    httpsAgent: KEEP_ALIVE_HTTPS,
    // Every status is an answer here: classification is ours, and axios never builds an error
    // that carries our request config (and so the key).
    validateStatus: () => true,
    responseType: 'json',
  });

  /** One HTTP exchange: the response, or the facts of a failure (never the axios error itself). */
  async function once(attempt: Attempt): Promise<Outcome<AxiosResponse>> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
    const giveUp = (): void => deadline.abort();
    attempt.signal?.addEventListener('abort', giveUp, { once: true });
    try {
      const response = await http.get(attempt.path, { params: attempt.params, signal: deadline.signal });
      if (attempt.accept(response.status)) return { value: response };
      const serverMessage = (response.data as { message?: unknown } | null | undefined)?.message;
      return {
        failure: {
          kind: kindOfStatus(response.status),
          status: response.status,
          retryable: isRetryableStatus(response.status),
          retryAfterMs: parseRetryAfterMs(response.headers['retry-after']),
          detail: typeof serverMessage === 'string' ? scrubText(serverMessage, secrets, 200) : undefined,
        },
      };
    } catch (error) {
      throwIfAborted(attempt.signal);
      return { failure: networkFacts(error, deadline.signal.aborted, maxResponseBytes) };
    } finally {
      clearTimeout(timer);
      attempt.signal?.removeEventListener('abort', giveUp);
    }
  }

  /** Attempts with retries; returns the first accepted response, throws a scrubbed TransportError. */
  async function call<T>(
    endpointLabel: string,
    attempt: Attempt,
    read: (response: AxiosResponse) => Outcome<T>,
  ): Promise<T> {
    let attempts = 0;
    for (;;) {
      throwIfAborted(attempt.signal);
      attempts += 1;
      const exchange = await once(attempt);
      const outcome = 'value' in exchange ? read(exchange.value) : exchange;
      if ('value' in outcome) return outcome.value;
      const failure = outcome.failure;
      const delay = failure.retryable
        ? retryDelayMs(attempts, policy, random, failure.retryAfterMs)
        : undefined;
      if (delay === undefined) {
        const context: FailureContext = {
          organizerId: options.organizerId,
          endpoint: endpointLabel,
          attempts,
          timeoutMs: options.timeoutMs,
        };
        throw tixngoFailure(context, failure);
      }
      await sleep(delay);
    }
  }

  return {
    async fetchPage(paginationKey, limit, callOptions = {}) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}, not ${limit}`);
      }
      const params: Record<string, string | number> = { limit };
      if (paginationKey) {
        // A key stored before keys were bounded would only get an HTTP 414/431 that names nothing.
        const key = readPageKey(paginationKey);
        if (!key.ok) {
          throw new TransportError(
            `The pagination key of organizer "${options.organizerId}" ${key.reason}: TIXNGO cannot be asked ` +
              `for its page. Set the organizer's pagination key by hand (schedule --pagination-key).`,
            false,
            undefined,
            undefined,
            'bad-request',
          );
        }
        params.paginationKey = paginationKey;
      }
      return call<DiffPage>(
        endpoint(options.diffPath),
        {
          path: options.diffPath,
          params,
          signal: callOptions.signal,
          accept: (status) => status >= 200 && status < 300,
        },
        (response) => {
          const envelope = DiffPageEnvelope.safeParse(response.data);
          if (!envelope.success) return { failure: badBody(envelope.error.issues[0], response.data) };
          const key = readPageKey(envelope.data.pagination?.nextPageKey);
          if (!key.ok) {
            // The same request gets the same key: retrying cannot help, and the page is not applied.
            const detail = `JSON that is not a diff response (pagination.nextPageKey ${key.reason})`;
            return { failure: { kind: 'bad-response', retryable: false, detail } };
          }
          return { value: { items: envelope.data.result, nextPageKey: key.key } };
        },
      );
    },

    async getTicket(ticketId) {
      const path = ticketPath.replace('{ticketId}', encodeURIComponent(ticketId));
      return call<DiffItem | null>(
        endpoint(ticketPath),
        { path, accept: (status) => (status >= 200 && status < 300) || status === 404 },
        (response) => {
          if (response.status === 404) return { value: null };
          const checked = validateDiffItem(response.data);
          if (checked.ok) return { value: checked.item };
          const { path: field, reason } = checked.rejected;
          return {
            failure: {
              kind: 'bad-response',
              retryable: false,
              detail: scrubText(`ticket "${ticketId}": ${field}: ${reason}`, secrets, 300),
            },
          };
        },
      );
    },
  };
}

/** Rethrows the reason of an aborted caller's signal (a Temporal CancelledFailure in an activity). */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new Error('the call was cancelled');
  }
}

/** What one step gave: a value, or the facts of a failure. */
type Outcome<T> = { value: T } | { failure: FailureFacts };

function badBody(issue: { path: PropertyKey[]; message: string } | undefined, data: unknown): FailureFacts {
  if (typeof data === 'string')
    return { kind: 'bad-response', retryable: true, detail: 'text that is not JSON' };
  const where = issue ? ` (${issue.path.map(String).join('.') || '(root)'}: ${issue.message})` : '';
  return { kind: 'bad-response', retryable: true, detail: `JSON that is not a diff response${where}` };
}

/** A failure with no HTTP status: our deadline, a socket time-out, or a network error code. */
function networkFacts(error: unknown, deadlinePassed: boolean, maxResponseBytes: number): FailureFacts {
  if (deadlinePassed) return { kind: 'timeout', retryable: true };
  if (isAxiosError(error)) {
    const code = error.code ?? 'network error';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return { kind: 'timeout', retryable: true };
    // axios: ERR_BAD_RESPONSE "maxContentLength size of N exceeded", or a redirect's ERR_FR_… twin.
    if (code === 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED' || /maxContentLength/.test(error.message)) {
      return { kind: 'too-large', retryable: false, detail: `over ${maxResponseBytes} bytes` };
    }
    if (code === 'ERR_BAD_RESPONSE') {
      return { kind: 'bad-response', retryable: true, detail: code };
    }
    return { kind: 'network', retryable: true, detail: /^[A-Z0-9_]+$/.test(code) ? code : 'network error' };
  }
  if (error instanceof TransportError) return { kind: error.kind ?? 'network', retryable: error.retryable };
  return { kind: 'network', retryable: true, detail: error instanceof Error ? error.name : 'unknown error' };
}
