import { isAxiosError } from 'axios';

/**
 * The one error type adapters throw for a failed HTTP call. Built from scratch so no request header,
 * query string, body or axios config (which hold API keys and personal data) can ride along.
 */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const NON_RETRYABLE = new Set([400, 401, 403, 404, 409, 422]);

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Maps any error of an HTTP call to a scrubbed TransportError naming the system and the operation. */
export function toTransportError(error: unknown, what: string): TransportError {
  if (isAxiosError(error)) {
    const status = error.response?.status;
    if (status !== undefined) {
      const serverMessage = (error.response?.data as { message?: unknown } | undefined)?.message;
      const detail = typeof serverMessage === 'string' ? `: ${serverMessage.slice(0, 300)}` : '';
      return new TransportError(
        `${what} failed with HTTP ${status}${detail}`,
        !NON_RETRYABLE.has(status),
        status,
        retryAfterMs(error.response?.headers?.['retry-after']),
      );
    }
    const code = error.code ?? 'network error';
    return new TransportError(`${what} failed: ${code}`, true);
  }
  return new TransportError(`${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`, true);
}
