import type { DiffPage } from '../tixngo/diffClient';
import type { PageCosts } from './summaryCost';

/** A page read for slicing, with what was worked out of it once. */
export interface SlicedPage {
  page: DiffPage;
  /** Items asked for (fewer than the batch size when a page was over its byte bound: pageRead.ts). */
  limit: number;
  costs: PageCosts;
}

/** How long a page read for its first slices is reused by the next slices on this worker. */
export const RECENT_PAGE_TTL_MS = 120_000;

interface RecentPage {
  paginationKey: string | undefined;
  limit: number;
  sliced: SlicedPage;
  readAt: number;
}

/**
 * The last page of each organizer that is being applied in slices, kept in this worker's memory
 * so its next slices do not read it from TIXNGO again. Only an optimization: a slice on another
 * worker reads the page again, and resumes only if the page still begins with the same items.
 */
export class RecentPages {
  private readonly pages = new Map<string, RecentPage>();

  constructor(private readonly now: () => number = Date.now) {}

  get(organizerId: string, paginationKey: string | undefined, limit: number): SlicedPage | undefined {
    const recent = this.pages.get(organizerId);
    if (!recent) return undefined;
    const fresh = this.now() - recent.readAt < RECENT_PAGE_TTL_MS;
    if (fresh && recent.paginationKey === paginationKey && recent.limit === limit) return recent.sliced;
    this.pages.delete(organizerId);
    return undefined;
  }

  keep(organizerId: string, paginationKey: string | undefined, limit: number, sliced: SlicedPage): void {
    this.pages.set(organizerId, { paginationKey, limit, sliced, readAt: this.now() });
  }

  forget(organizerId: string): void {
    this.pages.delete(organizerId);
  }
}
