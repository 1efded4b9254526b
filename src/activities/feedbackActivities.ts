import { Context } from '@temporalio/activity';
import type { ConfigStore } from '../config/configStore';
import type { OrganizerSettings } from '../domain/settings';
import { pageKeyOutcome } from '../domain/pagination';
import { prefixFingerprint, resumeIndex, sliceEnd, type PageResume } from '../domain/pageSlices';
import { looksLikeSchemaChange, schemaSuspectMessage } from '../domain/rejectionDigest';
import { skipMatcher, skippableOf, usableSkipList } from '../domain/skipList';
import { activityLog } from '../observability/activityLog';
import { noMetrics, type FeedbackMetrics } from '../observability/metrics';
import { applyDiffItems, type ApplySummary } from './applyDiffItems';
import type { OrganizerConnector } from './connectors';
import { toActivityFailure } from './failures';
import { readPageWithinBound, smallerPageWarning } from './pageRead';
import { RecentPages } from './recentPages';
import type { TransferKeyer } from './transferKeys';
import { loadRunSettings, runSettingsOf, type RunSettings } from './runSettings';
import { pageCosts, SUMMARY_ITEMS_BUDGET_BYTES } from './summaryCost';
import { createHandOffActivities } from './handOffTransferSteps';

/** Heartbeat period while TIXNGO has not answered (the workflow's heartbeat timeout is 15 s). */
const FETCH_KEEPALIVE_MS = 3000;

export interface PageInput {
  organizerId: string;
  /** Absent on the very first page of an organizer. */
  paginationKey?: string;
  skipTickets: string[];
  strict: boolean;
  distributionEnabled: boolean;
  openRejectionTicketIds: string[];
  /** Go on with the page at `paginationKey` from here (the previous slice's `continueAt`). */
  resume?: PageResume;
}

/**
 * What one page, or one slice of a page, did: compact, never the page itself (payload limits:
 * below ≈ 830 KiB whatever the page, see SUMMARY_ITEMS_BUDGET_BYTES). Rejection indexes are
 * positions in the page.
 */
export interface PageSummary extends ApplySummary {
  /**
   * Where the next page starts: TIXNGO's next key once the page's last slice is applied; the input
   * key while slices remain, when TIXNGO gave no key ("" or null), or when the page halted the run.
   */
  nextPaginationKey?: string;
  /** TIXNGO has nothing more right now (or the page halted the run). */
  drained: boolean;
  /** More of this page remains: read the same key again with this resume point. */
  continueAt?: PageResume;
  /** The page was not applied and the run must halt before its key (a page mostly rejected). */
  refused?: string;
  /** Something the run's result should show (e.g. a key that did not move). */
  warning?: string;
}

/**
 * A run's first page (issue 17 item 4): the page activity reads the organizer's run settings
 * itself, so an idle run is one activity. Strictness, distribution and the configuration's skip
 * entries come from those settings.
 */
export interface RunStartPageInput {
  organizerId: string;
  /** Absent on the very first page of an organizer. */
  paginationKey?: string;
  /** The run's live skip list (its usable entries); the configuration's entries are added. */
  skipTickets: string[];
  openRejectionTicketIds: string[];
  resume?: PageResume;
  loadRunSettings: true;
}

/** The run's settings and, unless they ask for a longer attempt than this one, its first page. */
export interface RunStartPage {
  runSettings: RunSettings;
  /**
   * Absent when the settings' page timeout (RunSettings.pageTimeoutMs) is longer than this
   * attempt's start-to-close timeout: the run then reads the page with the longer timeout.
   */
  page?: PageSummary;
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

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (unit tests)
  }
}

/**
 * Runs `call` while heartbeating every FETCH_KEEPALIVE_MS, so a slow TIXNGO is not mistaken for a
 * dead worker, and so the attempt learns of its cancellation. The heartbeat repeats the attempt's
 * details (a retry's resume point), which it must not lose.
 */
async function whileHeartbeating<T>(context: Context | undefined, call: () => Promise<T>): Promise<T> {
  if (!context) return call();
  const details: unknown = context.info.heartbeatDetails;
  context.heartbeat(details);
  const keepAlive = setInterval(() => context.heartbeat(details), FETCH_KEEPALIVE_MS);
  try {
    return await call();
  } finally {
    clearInterval(keepAlive);
  }
}

/** A page's warnings as the one text a PageSummary carries; undefined when there is none. */
function joinWarnings(...warnings: (string | undefined)[]): string | undefined {
  const present = warnings.filter((warning): warning is string => warning !== undefined);
  return present.length > 0 ? present.join(' ') : undefined;
}

export function createFeedbackActivities(deps: FeedbackActivityDeps) {
  const metrics = deps.metrics ?? noMetrics;
  const recentPages = new RecentPages();
  /** One page (or slice) of the organizer's diff, applied with the organizer's settings as read. */
  async function applyPage(
    input: PageInput,
    settings: OrganizerSettings,
    context: Context | undefined,
  ): Promise<PageSummary> {
    const { tixngo, s360 } = deps.connect(input.organizerId, settings);
    // Only a slice that goes on with a page reuses it; a page's first read always asks TIXNGO.
    const recent = input.resume
      ? recentPages.get(input.organizerId, input.paginationKey, settings.batchSize)
      : undefined;
    const { page, limit } =
      recent ??
      (await whileHeartbeating(context, () =>
        readPageWithinBound(tixngo, input.paginationKey, settings.batchSize, context?.cancellationSignal),
      ));
    const items = page.items;
    const keys = pageKeyOutcome({
      requestKey: input.paginationKey,
      nextPageKey: page.nextPageKey,
      items: items.length,
    });
    const pageCost = recent?.costs ?? pageCosts(items, input.organizerId, input.distributionEnabled);
    const { costs } = pageCost;
    // Items of skipped tickets are left out before validation (SPEC §2): they never halt a page.
    const skip = skipMatcher(usableSkipList(input.skipTickets));
    const pageRejected = pageCost.rejected.filter((item) => !skip(skippableOf(items[item.index])));

    if (!input.strict && looksLikeSchemaChange(items.length, pageRejected.length)) {
      recentPages.forget(input.organizerId);
      const refused = schemaSuspectMessage(input.paginationKey, items.length, pageRejected);
      activityLog()?.warn('diff page refused', { organizerId: input.organizerId, reason: refused });
      return {
        items: items.length,
        applied: 0,
        unchanged: 0,
        superseded: 0,
        skipped: 0,
        rejected: [],
        // Refused whole: every item stays for a run after the fault is fixed.
        heldBack: items.length,
        resolvedRejections: [],
        transfers: [],
        nextPaginationKey: input.paginationKey,
        drained: true,
        refused,
      };
    }

    // The very page object the previous slice was cut from needs no check that it is the same.
    const start = recent && input.resume ? input.resume.index : resumeIndex(input.resume, items);
    const resumedAt = start > 0 ? input.resume : undefined;
    const end = sliceEnd(costs, start, SUMMARY_ITEMS_BUDGET_BYTES);
    const summary = await applyDiffItems(s360, items.slice(start, end), {
      organizerId: input.organizerId,
      skipTickets: input.skipTickets,
      strict: input.strict,
      distributionEnabled: input.distributionEnabled,
      transferKeys: deps.transferKeys,
      openRejectionTicketIds: input.openRejectionTicketIds,
      resumeToken: `page:${input.paginationKey ?? ''}@${start}`,
      onWritten: (changedAt) => metrics.ticketsWritten(input.organizerId, changedAt),
    });
    metrics.pageApplied(input.organizerId, summary, 'tixngo');
    activityLog()?.info('diff page applied', {
      organizerId: input.organizerId,
      items: summary.items,
      from: start,
      applied: summary.applied,
      unchanged: summary.unchanged,
      superseded: summary.superseded,
      skipped: summary.skipped,
      rejected: summary.rejected.length,
      heldBack: summary.heldBack,
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
    const inPage = <T extends { index: number }>(item: T): T => ({ ...item, index: item.index + start });
    const halted = summary.halted === undefined ? undefined : inPage(summary.halted);
    const more = halted === undefined && end < items.length;
    if (more)
      recentPages.keep(input.organizerId, input.paginationKey, settings.batchSize, {
        page,
        limit,
        costs: pageCost,
      });
    else recentPages.forget(input.organizerId);
    const done = halted === undefined && !more;
    return {
      ...summary,
      rejected: summary.rejected.map(inPage),
      halted,
      nextPaginationKey: done ? keys.nextKey : input.paginationKey,
      drained: halted !== undefined || (done && keys.drained),
      continueAt: more ? { index: end, fingerprint: prefixFingerprint(items, end, resumedAt) } : undefined,
      warning: joinWarnings(
        limit < settings.batchSize
          ? smallerPageWarning(input.organizerId, settings.batchSize, limit, settings.tixngo.maxPageBytes)
          : undefined,
        done && keys.keyDidNotMove
          ? `TIXNGO answered the page at its own key as the next key: the run stopped there (organizer "${input.organizerId}").`
          : undefined,
      ),
    };
  }

  function processDiffPage(input: RunStartPageInput): Promise<RunStartPage>;
  function processDiffPage(input: PageInput): Promise<PageSummary>;
  async function processDiffPage(input: PageInput | RunStartPageInput): Promise<PageSummary | RunStartPage> {
    const context = activityContext();
    try {
      const settings = await deps.config.organizer(input.organizerId);
      if (!('loadRunSettings' in input)) return await applyPage(input, settings, context);
      const runSettings = runSettingsOf(input.organizerId, settings, await deps.config.warnings());
      const attemptMs = context?.info.startToCloseTimeoutMs;
      if (attemptMs !== undefined && attemptMs > 0 && runSettings.pageTimeoutMs > attemptMs) {
        return { runSettings };
      }
      const page = await applyPage(
        {
          organizerId: input.organizerId,
          paginationKey: input.paginationKey,
          skipTickets: [...runSettings.configSkipTickets, ...input.skipTickets],
          strict: !runSettings.doContinueInCaseOfSyncError,
          distributionEnabled: runSettings.distributionEnabled,
          openRejectionTicketIds: input.openRejectionTicketIds,
          resume: input.resume,
        },
        settings,
        context,
      );
      return { runSettings, page };
    } catch (error) {
      if (context?.cancellationSignal.aborted) throw error; // the cancellation itself, as it is
      throw toActivityFailure(error);
    }
  }

  return {
    /** Transfer steps to their transfer workflows (src/activities/handOffTransferSteps.ts). */
    ...createHandOffActivities(),

    /** The organizer's run settings, read afresh at each run. */
    async loadRunSettings(input: { organizerId: string }): Promise<RunSettings> {
      try {
        return await loadRunSettings(deps.config, input.organizerId);
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    /**
     * Fetches one diff page, validates it item by item, applies the valid tickets to S-360 in bulk.
     * A page whose summary would pass SUMMARY_ITEMS_BUDGET_BYTES is applied in slices (`resume` /
     * `continueAt`); a page mostly rejected is refused whole (`refused`). Heartbeats throughout,
     * and a cancelled attempt aborts its TIXNGO request. With `loadRunSettings` (a run's first
     * page) it reads the organizer's run settings first and returns them with the page
     * (RunStartPage); a bad configuration fails it (ConfigError, non-retryable).
     */
    processDiffPage,

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
