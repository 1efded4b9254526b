import { TransportError } from '../http/transportError';
import type { DiffClient, DiffPage } from '../tixngo/diffClient';

/** A page as read within its byte bound, and how many items were asked for to get it. */
export interface BoundedPage {
  page: DiffPage;
  /** Items asked for: the batch size, or fewer when a page of the batch size was over the bound. */
  limit: number;
}

/**
 * Reads the page at `paginationKey` within the page byte bound (`tixngo.maxPageBytes`, enforced by
 * the diff client as a non-retryable `too-large` TransportError): a page over it is asked for again
 * from the same key with half as many items, down to one. A smaller page skips nothing: the key moves
 * only over what is applied (SPEC §2). Throws that TransportError when even one item is over the
 * bound (the run fails, visibly, naming the bound; raise `tixngo.maxPageBytes` with the worker's heap).
 */
export async function readPageWithinBound(
  tixngo: DiffClient,
  paginationKey: string | undefined,
  batchSize: number,
  signal?: AbortSignal,
): Promise<BoundedPage> {
  let limit = batchSize;
  for (;;) {
    try {
      return { page: await tixngo.fetchPage(paginationKey, limit, { signal }), limit };
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind !== 'too-large' || limit === 1) throw error;
      limit = Math.ceil(limit / 2);
    }
  }
}

/** The page's warning when it was read with fewer items than the batch size (readPageWithinBound). */
export function smallerPageWarning(
  organizerId: string,
  batchSize: number,
  limit: number,
  maxPageBytes: number,
): string {
  return (
    `A page of ${batchSize} tickets was over the ${maxPageBytes} bytes a page may take: read ${limit} at a time ` +
    `(organizer "${organizerId}"; tixngo.maxPageBytes, or a smaller batchSize).`
  );
}
