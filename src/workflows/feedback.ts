import {
  condition,
  log,
  patched,
  proxyActivities,
  setDefaultSignalHandler,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { FeedbackActivities, PageSummary, RunSettings } from '../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import { keyCycleMessage } from '../domain/pagination';
import { runStart, type CarriedRunState } from './carriedRunState';
import { failureCarrying } from './carryOnFailure';
import type { PageResume } from '../domain/pageSlices';
import {
  resolveRejectionsSignal,
  skipTicketsSignal,
  stateQuery,
  unskipTicketsSignal,
  type FeedbackRunResult,
  type FeedbackState,
  type FeedbackWorkflowInput,
  type OpenRejection,
} from './definitions';
import { LiveSkipList } from './liveSkipList';
import { RunWarnings } from './runWarnings';
import {
  checkSignalPayload,
  ResolvedChangesPayload,
  SkipEntriesPayload,
  TicketIdsPayload,
  unknownSignalWarning,
} from './signalPayloads';
import {
  closedBySignal,
  mergeOpenRejections,
  skipsAnyRejection,
  unknownReferencesWarning,
} from './openRejections';
import { surfacingFailures } from './surfaceFailure';
import { transferStartsWorkflowId } from './ids';
import { startTransfers } from './startTransfers';
import { TransferStepQueue } from './transferStepQueue';

const { loadRunSettings } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});

/**
 * The page activity's options. Its start-to-close timeout comes from the run settings (the
 * organizer's TIXNGO and S-360 timeouts, src/activities/pageTimeout.ts); runs whose settings
 * predate it use 5 minutes. The activity heartbeats throughout, also while TIXNGO is slow.
 */
function pageActivities(startToCloseTimeoutMs: number | undefined) {
  return proxyActivities<FeedbackActivities>({
    startToCloseTimeout: startToCloseTimeoutMs ?? '5 minutes',
    // A dead worker is noticed within 15 s; the page is then retried from its last heartbeat.
    heartbeatTimeout: '15 seconds',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
    },
  });
}

/** Leave room under Temporal's limits: 50 MiB / 50k events (warnings at 10). */
export const HISTORY_EVENTS_LIMIT = 8_000;
export const HISTORY_BYTES_LIMIT = 8 * 1024 * 1024;
/** Transfer steps handed on at once (one TransferStepQueue batch, see startTransfers). */
export const TRANSFER_BATCH_LIMIT = 1_000;
/**
 * Transfer steps one run hands on. The run's history grows by a few events per startTransfers
 * batch (≤ 100 transfers each: a handOffTransferSteps activity call, or a child in older
 * histories), not per transfer.
 */
export const TRANSFER_STEPS_PER_RUN_LIMIT = 5_000;
/**
 * A run's first page activity reads the organizer's run settings itself (issue 17 item 4): an idle
 * run is one activity and two workflow tasks, not two activities and three. Histories without this
 * marker read the settings with their own activity first, as before.
 */
export const RUN_SETTINGS_WITH_FIRST_PAGE_PATCH = 'run-settings-with-first-page';
/**
 * A page whose next key is one the run already read (keys in a cycle, A → B → A) halts the run
 * there instead of reading the same pages up to the page budget. Marked only when it happens.
 */
export const PAGE_KEY_CYCLE_PATCH = 'page-key-cycle-halts';
/**
 * Open rejections of a ticket on the skip list (by ticket id or tax number) are closed at each page
 * (fault 3): fewer open rejections can spare a run the overflow halt, so histories without this
 * marker keep every open rejection as before. Marked only when a skip entry names a rejection.
 */
export const SKIPPED_REJECTIONS_CLOSE_PATCH = 'skipped-rejections-close';
/** Drained while transfers are still being handed on: look for new changes this often meanwhile. */
export const DRAINED_POLL_INTERVAL = '5 seconds';

/**
 * One run of an organizer's feedback: reads its settings, then drains TIXNGO's diff page by page
 * into S-360, hands transfer steps to transfer workflows, and returns where the next run starts.
 * It starts from what the previous run handed on (see carriedRunState.ts); a bad input fails it at
 * once (InvalidWorkflowInput, naming the field). When it fails, its failure carries what it
 * accepted (skips, unskips, resolved rejections, its open rejections and key) to the next run.
 */
export async function feedbackWorkflow(input: FeedbackWorkflowInput): Promise<FeedbackRunResult> {
  let carried: (() => CarriedRunState) | undefined;
  try {
    return await feedbackRun(input, (state) => (carried = state));
  } catch (error) {
    throw carried ? failureCarrying(error, carried()) : error;
  }
}

async function feedbackRun(
  rawInput: unknown,
  carryOnFailure: (state: () => CarriedRunState) => void,
): Promise<FeedbackRunResult> {
  const info = workflowInfo();
  const start = runStart(rawInput, info.lastResult, info.lastFailure);
  const { input } = start;
  const liveSkip = new LiveSkipList(start.state.skipTickets);
  let openRejections: OpenRejection[] = [...start.state.openRejections];
  const result: FeedbackRunResult = {
    organizerId: input.organizerId,
    paginationKey: start.state.paginationKey,
    pageResume: start.state.pageResume,
    skipTickets: [],
    pages: 0,
    items: 0,
    applied: 0,
    unchanged: 0,
    superseded: 0,
    skipped: 0,
    rejected: 0,
    heldBack: 0,
    transfers: 0,
    stoppedBy: 'drained',
    openRejections: [],
    droppedRejections: start.state.droppedRejections,
    warnings: [],
  };
  const warnings = new RunWarnings(result.warnings);
  const warn = (text: string): void => warnings.add(text, { organizerId: input.organizerId });
  [...start.warnings, ...liveSkip.unusableWarnings()].forEach(warn);
  let phase: FeedbackState['phase'] = 'starting';

  // Handlers never throw (issue 13): a payload of another shape, or an entry that does not parse,
  // is refused with a warning in the run's result, its `state` and the worker log.
  setHandler(skipTicketsSignal, (payload: unknown) => {
    const checked = checkSignalPayload(skipTicketsSignal.name, SkipEntriesPayload, payload);
    if (checked.ok) liveSkip.add(checked.value).forEach(warn);
    else warn(checked.warning);
  });
  setHandler(unskipTicketsSignal, (payload: unknown) => {
    const checked = checkSignalPayload(unskipTicketsSignal.name, SkipEntriesPayload, payload);
    if (checked.ok) liveSkip.remove(checked.value).forEach(warn);
    else warn(checked.warning);
  });
  setHandler(resolveRejectionsSignal, (payload: unknown, changesPayload?: unknown) => {
    const checked = checkSignalPayload(resolveRejectionsSignal.name, TicketIdsPayload, payload);
    if (!checked.ok) return warn(checked.warning);
    let changes = new Map<string, string>();
    if (changesPayload !== undefined && changesPayload !== null) {
      const checkedChanges = checkSignalPayload(
        `${resolveRejectionsSignal.name} (changes)`,
        ResolvedChangesPayload,
        changesPayload,
      );
      if (!checkedChanges.ok) return warn(checkedChanges.warning);
      changes = new Map(Object.entries(checkedChanges.value));
    }
    const fixed = new Set(checked.value);
    const before = openRejections.length;
    // A reference that names no open rejection (mistyped, or closed already) is said, not dropped.
    const byOperator = changesPayload === undefined || changesPayload === null;
    const unknownReferences = unknownReferencesWarning(openRejections, checked.value, byOperator);
    if (unknownReferences !== undefined) warn(unknownReferences);
    openRejections = openRejections.filter((item) => !closedBySignal(item, fixed, changes));
    // Never without a trace (an import sends it; so may an operator by hand): what it closed, in the log.
    log.info('open rejections resolved', {
      organizerId: input.organizerId,
      ticketsNamed: fixed.size,
      closed: before - openRejections.length,
      open: openRejections.length,
    });
  });
  // A signal of another name (a mistyped `--name`) is not dropped silently: a warning names it.
  setDefaultSignalHandler((signalName: string) =>
    warn(
      unknownSignalWarning(signalName, [
        skipTicketsSignal.name,
        unskipTicketsSignal.name,
        resolveRejectionsSignal.name,
      ]),
    ),
  );
  carryOnFailure(() => ({
    paginationKey: result.paginationKey,
    pageResume: result.pageResume,
    skipTickets: liveSkip.all,
    openRejections,
    droppedRejections: result.droppedRejections,
  }));
  setHandler(stateQuery, () => ({
    organizerId: input.organizerId,
    phase,
    paginationKey: result.paginationKey,
    pageResume: result.pageResume,
    skipTickets: liveSkip.all,
    warnings: [...result.warnings],
    progress: {
      pages: result.pages,
      items: result.items,
      applied: result.applied,
      unchanged: result.unchanged,
      superseded: result.superseded,
      skipped: result.skipped,
      rejected: result.rejected,
      heldBack: result.heldBack,
      transfers: result.transfers,
    },
    openRejections,
    halt: result.halt,
  }));

  function openRejectionTicketIds(): string[] {
    return [...new Set(openRejections.flatMap((item) => item.ticketId ?? []))];
  }

  const finish = (stoppedBy: FeedbackRunResult['stoppedBy']): FeedbackRunResult => {
    phase = 'done';
    result.stoppedBy = stoppedBy;
    result.skipTickets = liveSkip.all;
    // Bounded page by page (mergeOpenRejections): never cut here, so none is dropped silently.
    result.openRejections = openRejections;
    return result;
  };

  if (input.notBefore && Date.now() < Date.parse(input.notBefore)) {
    phase = 'waiting-for-start-date';
    return finish('not-started');
  }

  let settings: RunSettings;
  /** The run's first page, when the activity that read the settings read it too. */
  let firstPage: PageSummary | undefined;
  if (patched(RUN_SETTINGS_WITH_FIRST_PAGE_PATCH)) {
    phase = 'processing';
    // The settings' page timeout is not known yet: the default one; an organizer whose settings
    // ask for longer gets its settings only, and its first page read below with that timeout.
    const { processDiffPage } = pageActivities(undefined);
    const started = await surfacingFailures(() =>
      processDiffPage({
        organizerId: input.organizerId,
        paginationKey: result.paginationKey,
        skipTickets: [...liveSkip.usable],
        openRejectionTicketIds: openRejectionTicketIds(),
        resume: result.pageResume,
        loadRunSettings: true,
      }),
    );
    settings = started.runSettings;
    firstPage = started.page;
  } else {
    settings = await surfacingFailures(() => loadRunSettings({ organizerId: input.organizerId }));
  }
  // Listed and written to the worker log (a mistyped configuration field, a custom parameter).
  settings.warnings.forEach(warn);
  phase = 'processing';

  /**
   * Counts a page (or a slice of one) and merges its rejections into the open ones. Returns why the
   * run must halt before the page's key moves: the page was refused (mostly rejected), or its
   * rejections would overflow the open ones' bounds. Nothing is dropped either way.
   */
  const recordPage = (page: PageSummary, pageKey: string | undefined): string | undefined => {
    if (page.refused !== undefined) return page.refused;
    if (page.continueAt === undefined) result.pages += 1;
    result.items += page.items;
    result.applied += page.applied;
    result.unchanged += page.unchanged;
    // A page applied by a worker from before these counts has neither (its items then do not add up).
    result.superseded += page.superseded ?? 0;
    result.skipped += page.skipped;
    result.rejected += page.rejected.length;
    result.heldBack += page.heldBack ?? 0;
    // Through the run's warnings (bounded, logged), once per run: every smaller page says the same.
    if (page.warning !== undefined && !result.warnings.includes(page.warning)) warn(page.warning);

    // Marked only when a skip entry names a rejection: an idle run carries no marker (issue 17 item 4).
    const skipList = [...settings.configSkipTickets, ...liveSkip.usable];
    const skipped =
      skipsAnyRejection(openRejections, page.rejected, skipList) && patched(SKIPPED_REJECTIONS_CLOSE_PATCH)
        ? skipList
        : [];
    const merged = mergeOpenRejections(openRejections, page, pageKey, new Date().toISOString(), skipped);
    openRejections = merged.open;
    return merged.overflow;
  };
  const { processDiffPage } = pageActivities(settings.pageTimeoutMs);
  const readPage = (paginationKey: string | undefined, resume?: PageResume): Promise<PageSummary> =>
    // Signals delivered since the last page (handlers run first in each workflow task) count from here on.
    surfacingFailures(() =>
      processDiffPage({
        organizerId: input.organizerId,
        paginationKey,
        skipTickets: [...settings.configSkipTickets, ...liveSkip.usable],
        strict: !settings.doContinueInCaseOfSyncError,
        distributionEnabled: settings.distributionEnabled,
        openRejectionTicketIds: openRejectionTicketIds(),
        resume,
      }),
    );
  const historyNearLimit = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength > HISTORY_EVENTS_LIMIT ||
      info.historySize > HISTORY_BYTES_LIMIT
    );
  };

  return finish(await readPages());

  /**
   * Ticket data does not wait for transfers: each page is applied as soon as it is read, its
   * transfer steps queue for startTransfers, and the next page is read meanwhile. The pagination
   * key moves over a page only once its steps are handed on, so a run that fails leaves nothing
   * behind the key (the pages read ahead are read again, their ticket data then unchanged). The
   * queue hands batches on in page order, and the run ends only once all are handed on: one
   * ticket's transfers reach their workflows in TIXNGO's order across pages and runs.
   */
  async function readPages(): Promise<FeedbackRunResult['stoppedBy']> {
    let children = 0;
    const nextChildId = (): string =>
      transferStartsWorkflowId(input.organizerId, workflowInfo().runId, (children += 1));
    const queue = new TransferStepQueue(
      (events) => startTransfers(events, settings.acceptanceWindowMs, nextChildId),
      (handed) => {
        result.transfers += handed.events.length;
        result.paginationKey = handed.keyAfter;
        result.pageResume = handed.resumeAfter;
      },
      TRANSFER_BATCH_LIMIT,
    );
    const stop = async (stoppedBy: FeedbackRunResult['stoppedBy']) => {
      if (queue.busy) phase = 'handing-off-transfers';
      await queue.whenIdle();
      return stoppedBy;
    };
    let readKey = result.paginationKey;
    let resume = result.pageResume;
    /** Keys read in this run, the carried one included (a cycle through it is one too). */
    const readKeys = new Set<string>();
    for (;;) {
      if (queue.failed) await queue.whenIdle(); // rethrows the batch's failure
      const page = firstPage ?? (await readPage(readKey, resume));
      firstPage = undefined;
      if (readKey !== undefined) readKeys.add(readKey);
      let halt = recordPage(page, readKey);
      if (
        halt === undefined &&
        page.continueAt === undefined &&
        !page.drained &&
        page.nextPaginationKey !== undefined &&
        readKeys.has(page.nextPaginationKey) &&
        patched(PAGE_KEY_CYCLE_PATCH)
      ) {
        halt = keyCycleMessage(input.organizerId, result.pages);
      }
      if (halt !== undefined) {
        // This page (or slice) is not queued: the key stays before it, its transfers wait for it.
        result.halt = halt;
        return stop('halted');
      }
      queue.push({ events: page.transfers, keyAfter: page.nextPaginationKey, resumeAfter: page.continueAt });
      readKey = page.nextPaginationKey;
      resume = page.continueAt;

      if (page.halted) {
        result.syncError = page.halted;
        return stop('sync-error');
      }
      if (page.drained) {
        if (!queue.busy) return stop('drained');
        // Transfers are still being handed on: new changes read meanwhile need not wait for them.
        phase = 'handing-off-transfers';
        const idle = await condition(() => !queue.busy, DRAINED_POLL_INTERVAL);
        phase = 'processing';
        if (idle) return stop('drained');
      }
      if (result.pages >= settings.pageBudget) return stop('page-budget');
      if (historyNearLimit()) return stop('history-limit');
      if (result.transfers + queue.queuedSteps >= TRANSFER_STEPS_PER_RUN_LIMIT) return stop('children-limit');
    }
  }
}
