/**
 * What a new execution of an organizer's feedback carries on from, worked out from a run that did
 * not finish (unscheduled, past its end date, terminated from the UI…) the way the workflow itself
 * would have: its starting state, then every skip / unskip / resolve signal it received, in order.
 * Pure: src/client/runHistory.ts reads the run, src/client/carryOver.ts puts it together.
 */
import type { PageResume } from '../domain/pageSlices';
import type { OpenRejection } from '../workflows/definitions';
import { LiveSkipList } from '../workflows/liveSkipList';
import { closedBySignal, unknownReferencesWarning } from '../workflows/openRejections';

/** The state a new execution starts with (its FeedbackWorkflowInput but the start date). */
export interface CarriedInput {
  organizerId: string;
  paginationKey?: string;
  /** Where to go on inside the page at `paginationKey`; only ever with the key it was computed for. */
  pageResume?: PageResume;
  skipTickets: string[];
  openRejections: OpenRejection[];
}

/**
 * Where the pagination key comes from: a finished run's result; the state a failed run carried in
 * its failure; the key the stopped run started from (its schedule's input); the stopped run's own
 * progress (its `state`, read before it was stopped); or nothing (the organizer never ran).
 */
export type KeySource = 'finished-run' | 'failed-run' | 'run-start' | 'run-progress' | 'none';

export interface CarriedState {
  input: CarriedInput;
  keySource: KeySource;
  /** The run it was read from, and how it ended (`running` while it still runs). */
  run?: { runId: string; status: RunStatus };
  /** With keySource `run-progress`: pages the stopped run had applied past its starting key. */
  progressPages?: number;
  /** Signals of a run that did not finish, applied on top of its starting state. */
  signalsApplied: number;
  /**
   * Signals the workflow refused (and refuses here alike): a payload of another shape; or skip
   * entries that do not parse, counted once per signal that had any.
   */
  signalsIgnored: number;
  /**
   * What the workflow says (or will say, a run not yet executed) of those signals, in order, in its
   * own words: entries refused or past the live skip list's cap, unskips of entries not listed,
   * references naming no open rejection, payloads of another shape, signals of unknown names; and
   * the carried skip entries no page can use.
   */
  warnings: string[];
}

export type RunStatus = 'completed' | 'running' | 'terminated' | 'timed-out' | 'failed' | 'canceled';

export type RunSignal =
  | { name: 'skipTickets'; entries: string[]; at: Date }
  | { name: 'unskipTickets'; entries: string[]; at: Date }
  | {
      name: 'resolveRejections';
      ticketIds: string[];
      /** Which change of each ticket the import applied (ticket id → statusChangedAt), when it said. */
      changes?: Record<string, string>;
      at: Date;
    }
  /** A signal the workflow refuses whole (a payload of another shape, an unknown name): its warning. */
  | { name: 'refused'; warning: string; at: Date };

/** What a run's input or result says a next run starts from (read by src/client/historySchemas.ts). */
export interface StartingState {
  paginationKey?: string;
  /** Where that run goes on inside the page at `paginationKey` (a page left between slices). */
  pageResume?: PageResume;
  skipTickets?: readonly string[] | null;
  openRejections?: readonly OpenRejection[] | null;
}

/** Where a run had got to, as its own `state` query said (recorded by unschedule when it stops it). */
export interface RunProgressState {
  paginationKey?: string;
  /** Where the run was inside the page at `paginationKey` (absent: at its start, or not said). */
  pageResume?: PageResume;
  /** Pages the run had applied (and whose transfers it had handed over) past its starting key. */
  pages: number;
  openRejections: OpenRejection[];
  /** When the state was read (ISO 8601). */
  readAt: string;
}

/** The part of a run's history a carry-over needs, for a run that did not finish. */
export interface UnfinishedRun {
  runId: string;
  status: Exclude<RunStatus, 'completed'>;
  input: StartingState;
  /** The previous cron run's result (`lastCompletionResult`), which the run started from. */
  lastResult?: StartingState;
  /** The state a failed previous run carried in its failure: the run started from it, not lastResult. */
  failedRunState?: StartingState;
  /** The state this run's own failure carried (it failed): everything it had, signals included. */
  ownFailureState?: StartingState;
  signals: RunSignal[];
  signalsIgnored: number;
  /** What unschedule read from the run's `state` just before stopping it. */
  progress?: RunProgressState;
}

export function emptyCarriedState(organizerId: string): CarriedState {
  return {
    input: { organizerId, skipTickets: [], openRejections: [] },
    keySource: 'none',
    signalsApplied: 0,
    signalsIgnored: 0,
    warnings: [],
  };
}

/** A finished run: its result is what the next run reads (`lastResult`), nothing to add. */
export function carriedFromResult(organizerId: string, runId: string, result: StartingState): CarriedState {
  return {
    input: {
      organizerId,
      paginationKey: result.paginationKey,
      pageResume: result.pageResume,
      skipTickets: [...(result.skipTickets ?? [])],
      openRejections: [...(result.openRejections ?? [])],
    },
    keySource: 'finished-run',
    run: { runId, status: 'completed' },
    signalsApplied: 0,
    signalsIgnored: 0,
    warnings: [],
  };
}

/**
 * A run that did not finish. Its starting state is taken as the workflow takes it (the previous
 * run's result, else the input); its signals are applied in history order, as its handlers would.
 *
 * The key moves past the starting key only to the run's own `state` (read by unschedule), which
 * moves only once a page is applied and its transfers handed over: never past unapplied data. Its
 * open rejections come with it, so rejections of those pages are not lost. A resolveRejections
 * signal then removes a rejection only if the rejection was first seen before the signal arrived:
 * one the state already saw resolved is gone from it, and one a later page raised again stays, as
 * in the workflow. Without that state, the pages after the starting key are simply read again.
 */
export function carriedFromUnfinishedRun(organizerId: string, run: UnfinishedRun): CarriedState {
  if (run.ownFailureState) {
    return {
      ...carriedFromResult(organizerId, run.runId, run.ownFailureState),
      keySource: 'failed-run',
      run: { runId: run.runId, status: run.status },
    };
  }
  // As src/workflows/carriedRunState.ts runStart: a failed run's carried state, else the last result, else the input.
  const last = run.failedRunState ?? run.lastResult;
  const skip = new LiveSkipList(last?.skipTickets ?? run.input.skipTickets ?? []);
  // The resume point always comes from where the key comes from: it belongs to that key's page.
  let { paginationKey, pageResume } = last ?? run.input;
  let keySource: KeySource = run.failedRunState ? 'failed-run' : last ? 'finished-run' : 'run-start';
  let openRejections: OpenRejection[] = [...(last?.openRejections ?? run.input.openRejections ?? [])];
  let signalsIgnored = run.signalsIgnored;
  const warnings = skip.unusableWarnings();
  if (run.progress) {
    ({ paginationKey, pageResume } = run.progress);
    keySource = 'run-progress';
    openRejections = [...run.progress.openRejections];
  }
  // The workflow's own list and rules: entries judged by the skip-list parser, unskip by normalized form.
  for (const signal of run.signals) {
    if (signal.name === 'refused') warnings.push(signal.warning);
    else if (signal.name === 'skipTickets') {
      const refused = skip.add(signal.entries);
      if (refused.length > 0) signalsIgnored += 1;
      warnings.push(...refused);
    } else if (signal.name === 'unskipTickets') warnings.push(...skip.remove(signal.entries));
    else {
      const unknown = unknownReferencesWarning(
        openRejections,
        signal.ticketIds,
        signal.changes === undefined,
      );
      if (unknown) warnings.push(unknown);
      openRejections = withoutResolved(
        openRejections,
        new Set(signal.ticketIds),
        new Map(Object.entries(signal.changes ?? {})),
        signal.at,
      );
    }
  }
  return {
    input: { organizerId, paginationKey, pageResume, skipTickets: skip.all, openRejections },
    keySource,
    run: { runId: run.runId, status: run.status },
    progressPages: run.progress?.pages,
    signalsApplied: run.signals.filter((signal) => signal.name !== 'refused').length,
    signalsIgnored,
    warnings,
  };
}

function withoutResolved(
  items: OpenRejection[],
  fixed: ReadonlySet<string>,
  changes: ReadonlyMap<string, string>,
  at: Date,
): OpenRejection[] {
  return items.filter((item) => {
    // Named by its reference, or by its ticket id and not newer than the change applied, as in the workflow.
    if (!closedBySignal(item, fixed, changes)) return true;
    const firstSeen = Date.parse(item.firstSeenAt);
    // Raised again after the signal (a later page): still open. Unreadable: resolved, as in the workflow.
    return !Number.isNaN(firstSeen) && firstSeen >= at.getTime();
  });
}
