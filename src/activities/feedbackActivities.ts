import type { ConfigStore } from '../config/configStore';
import { validateDiffItems, type RejectedItem } from '../domain/diffItem';
import { toMobileUpdate } from '../domain/mobileUpdate';
import type { OrganizerConnector } from './connectors';
import { toActivityFailure } from './failures';

export interface PageInput {
  organizerId: string;
  /** Absent on the very first page of an organizer. */
  paginationKey?: string;
}

/** What one page did: compact, never the page itself (payload limits). */
export interface PageSummary {
  /** Where the next page starts; equals the input key when TIXNGO gave none. */
  nextPaginationKey?: string;
  /** TIXNGO has nothing more right now. */
  drained: boolean;
  items: number;
  applied: number;
  unchanged: number;
  rejected: RejectedItem[];
}

export interface FeedbackActivityDeps {
  config: ConfigStore;
  connect: OrganizerConnector;
}

export function createFeedbackActivities(deps: FeedbackActivityDeps) {
  return {
    /** Fetches one diff page, validates it item by item, applies the valid tickets to S-360 in bulk. */
    async processDiffPage(input: PageInput): Promise<PageSummary> {
      try {
        const settings = await deps.config.organizer(input.organizerId);
        const { tixngo, s360 } = deps.connect(input.organizerId, settings);
        const page = await tixngo.fetchPage(input.paginationKey, settings.batchSize);
        const { valid, rejected } = validateDiffItems(page.items);
        const result = await s360.applyMobileUpdates(valid.map(toMobileUpdate));
        return {
          nextPaginationKey: page.nextPageKey ?? input.paginationKey,
          drained: page.nextPageKey === null || page.items.length < settings.batchSize,
          items: page.items.length,
          applied: result.applied,
          unchanged: result.unchanged,
          rejected,
        };
      } catch (error) {
        throw toActivityFailure(error);
      }
    },
  };
}

export type FeedbackActivities = ReturnType<typeof createFeedbackActivities>;
