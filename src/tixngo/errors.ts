import { tixngoKeyVariable } from '../config/secrets';
import { TransportError, type TransportErrorKind } from '../http/transportError';

/**
 * The words of every TIXNGO client error: what failed, for which organizer, on which endpoint, and
 * what to do. Never a key, a header, a base URL or a query string.
 */
export interface FailureContext {
  organizerId: string;
  /** Method and path template, e.g. `GET /tickets/diff`. */
  endpoint: string;
  /** Attempts made, in process. */
  attempts: number;
  timeoutMs: number;
}

export interface FailureFacts {
  kind: TransportErrorKind;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  /** A scrubbed detail: the server's message, a network error code, a validation problem. */
  detail?: string;
}

function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

export function tixngoFailure(context: FailureContext, facts: FailureFacts): TransportError {
  const { organizerId, endpoint, attempts } = context;
  const org = `organizer "${organizerId}"`;
  const status = facts.status;
  const detail = facts.detail ? `: ${facts.detail}` : '';
  let message: string;
  switch (facts.kind) {
    case 'unauthorized':
      message = `TIXNGO refused the API key of ${org} (401 on ${endpoint}). Check ${tixngoKeyVariable(organizerId)}.`;
      break;
    case 'forbidden':
      message =
        `TIXNGO denied ${org} access (403 on ${endpoint}). ` +
        `Check that ${tixngoKeyVariable(organizerId)} is this organizer's key and may read its tickets.`;
      break;
    case 'not-found':
      message =
        `TIXNGO has no ${endpoint} for ${org} (404). ` +
        `Check the organizer's TIXNGO base URL and paths (tixngo.baseUrl, tixngo.diffPath).`;
      break;
    case 'bad-request':
      message = `TIXNGO rejected the request of ${org} (${status} on ${endpoint})${detail}. Check the pagination key and the batch size.`;
      break;
    case 'refused':
      message =
        status !== undefined && status < 400
          ? `TIXNGO redirected the request of ${org} (HTTP ${status} on ${endpoint}). Check the organizer's TIXNGO base URL.`
          : `TIXNGO refused the request of ${org} (HTTP ${status} on ${endpoint})${detail}.`;
      break;
    case 'rate-limited': {
      const wait =
        facts.retryAfterMs !== undefined ? `; retry after ${Math.ceil(facts.retryAfterMs / 1000)} s` : '';
      message = `TIXNGO is rate-limiting ${org} (429 on ${endpoint}${wait})${afterAttempts(attempts)}.`;
      break;
    }
    case 'server':
      message = `TIXNGO failed to answer ${org} (HTTP ${status} on ${endpoint})${afterAttempts(attempts)}.`;
      break;
    case 'timeout':
      message = `TIXNGO did not answer ${org} within ${context.timeoutMs} ms (${endpoint})${afterAttempts(attempts)}.`;
      break;
    case 'network':
      message = `TIXNGO could not be reached for ${org} (${facts.detail ?? 'network error'} on ${endpoint})${afterAttempts(attempts)}.`;
      break;
    case 'bad-response':
      message = `TIXNGO answered ${org} with an unexpected body (${endpoint})${detail}${afterAttempts(attempts)}.`;
      break;
    case 'too-large':
      message = `TIXNGO answered ${org} with a page larger than its bound (${endpoint})${detail}.`;
      break;
  }
  return new TransportError(message, facts.retryable, status, facts.retryAfterMs, facts.kind);
}
