import type { ConfigStore } from '../config/configStore';
import { activityLog } from '../observability/activityLog';
import { noMetrics, type FeedbackMetrics } from '../observability/metrics';
import { applyDiffItems, type ApplySummary } from './applyDiffItems';
import type { OrganizerConnector } from './connectors';
import { toActivityFailure } from './failures';
import type { TransferKeyer } from './transferKeys';
import { loadRunSettings, type RunSettings } from './runSettings';

export interface PageInput {
  organizerId: string;
  /** Absent on the very first page of an organizer. */
  paginationKey?: string;
  skipTickets: string[];
  strict: boolean;
  distributionEnabled: boolean;
  openRejectionTicketIds: string[];
}

/** What one page did: compact, never the page itself (payload limits). */
export interface PageSummary extends ApplySummary {
  /** Where the next page starts: the input key when TIXNGO gave none, or when strict mode halted. */
  nextPaginationKey?: string;
  /** TIXNGO has nothing more right now. */
  drained: boolean;
}

export interface ImportInput {
  organizerId: string;
  /** A name for the file in summaries (no path needed). */
  source: string;
  /** The file's items, as in a diff response's `result`. */
  items: unknown[];
  skipTickets: string[];
  distributionEnabled: boolean;
}

export interface FeedbackActivityDeps {
  config: ConfigStore;
  connect: OrganizerConnector;
  /** Prometheus counters (src/observability/metrics.ts); none by default. */
  metrics?: FeedbackMetrics;
  /** Keys transfers without a TIXNGO id (TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET). */
  transferKeys: TransferKeyer;
}

export function createFeedbackActivities(deps: FeedbackActivityDeps) {
  const metrics = deps.metrics ?? noMetrics;
  return {
    /** The organizer's run settings, read afresh at each run. */
    async loadRunSettings(input: { organizerId: string }): Promise<RunSettings> {
      try {
        return await loadRunSettings(deps.config, input.organizerId);
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    /** Fetches one diff page, validates it item by item, applies the valid tickets to S-360 in bulk. */
    async processDiffPage(input: PageInput): Promise<PageSummary> {
      try {
        const settings = await deps.config.organizer(input.organizerId);
        const { tixngo, s360 } = deps.connect(input.organizerId, settings);
        const page = await tixngo.fetchPage(input.paginationKey, settings.batchSize);
        const summary = await applyDiffItems(s360, page.items, {
          organizerId: input.organizerId,
          skipTickets: input.skipTickets,
          strict: input.strict,
          distributionEnabled: input.distributionEnabled,
          transferKeys: deps.transferKeys,
          openRejectionTicketIds: input.openRejectionTicketIds,
          resumeToken: `page:${input.paginationKey ?? ''}`,
          onWritten: (changedAt) => metrics.ticketsWritten(input.organizerId, changedAt),
        });
        metrics.pageApplied(input.organizerId, summary, 'tixngo');
        activityLog()?.info('diff page applied', {
          organizerId: input.organizerId,
          items: summary.items,
          applied: summary.applied,
          unchanged: summary.unchanged,
          skipped: summary.skipped,
          rejected: summary.rejected.length,
          transfers: summary.transfers.length,
        });
        for (const item of summary.rejected) {
          activityLog()?.warn('diff item rejected', {
            organizerId: input.organizerId,
            ticketId: item.ticketId ?? '(none)',
            field: item.path,
            reason: item.reason,
          });
        }
        const halted = summary.halted !== undefined;
        return {
          ...summary,
          nextPaginationKey: halted ? input.paginationKey : (page.nextPageKey ?? input.paginationKey),
          drained: halted || page.nextPageKey === null || page.items.length < settings.batchSize,
        };
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    /** Applies the items of an uploaded diff file, through the same path as a TIXNGO page. */
    async applyImportedItems(input: ImportInput): Promise<ApplySummary> {
      try {
        const settings = await deps.config.organizer(input.organizerId);
        const { s360 } = deps.connect(input.organizerId, settings);
        const summary = await applyDiffItems(s360, input.items, {
          organizerId: input.organizerId,
          skipTickets: input.skipTickets,
          strict: false,
          distributionEnabled: input.distributionEnabled,
          transferKeys: deps.transferKeys,
          openRejectionTicketIds: [],
          resumeToken: `import:${input.source}:${input.items.length}`,
        });
        metrics.pageApplied(input.organizerId, summary, 'import');
        return summary;
      } catch (error) {
        throw toActivityFailure(error);
      }
    },
  };
}

export type FeedbackActivities = ReturnType<typeof createFeedbackActivities>;
