import type { OrganizerSettings } from '../domain/settings';
import { DEFAULT_RETRY_POLICY } from '../tixngo/retryPolicy';
import { APPLY_CHUNK_SIZE, APPLY_CONCURRENCY } from './applyDiffItems';

/** The page activity's start-to-close timeout is never shorter than this (the former fixed value). */
export const MIN_PAGE_TIMEOUT_MS = 5 * 60_000;
/** Room for validation, slicing and the summary around the calls. */
const PAGE_MARGIN_MS = 60_000;

/**
 * How long one attempt of the page activity may take (issue 13 item 9): TIXNGO's answer within
 * `tixngo.timeoutMs` on each of its in-process attempts, with their longest backoffs between them,
 * then the page's S-360 writes (chunks of APPLY_CHUNK_SIZE, APPLY_CONCURRENCY at once, each within
 * `s360.timeoutMs`), plus a margin; at least MIN_PAGE_TIMEOUT_MS. In milliseconds.
 */
export function pageTimeoutMs(settings: Pick<OrganizerSettings, 'tixngo' | 's360' | 'batchSize'>): number {
  const { maxRetries, maxDelayMs, maxRetryAfterMs } = DEFAULT_RETRY_POLICY;
  const fetchMs =
    (maxRetries + 1) * settings.tixngo.timeoutMs + maxRetries * Math.max(maxDelayMs, maxRetryAfterMs);
  const writeRounds = Math.ceil(settings.batchSize / APPLY_CHUNK_SIZE / APPLY_CONCURRENCY);
  const writeMs = writeRounds * settings.s360.timeoutMs;
  return Math.max(MIN_PAGE_TIMEOUT_MS, fetchMs + writeMs + PAGE_MARGIN_MS);
}
