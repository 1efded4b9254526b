/**
 * What a new execution of an organizer's feedback carries on from, worked out from a run that did
 * not finish (unscheduled, past its end date, terminated from the UI…) the way the workflow itself
 * would have: its starting state, then every skip / unskip / resolve signal it received, in order.
 * Pure: src/client/runHistory.ts reads the run, src/client/carryOver.ts puts it together.
 */
import type { OpenRejection } from '../workflows/definitions';

/** The state a new execution starts with (its FeedbackWorkflowInput but the start date). */
export interface CarriedInput {
  organizerId: string;
  paginationKey?: string;
  skipTickets: string[];
  openRejections: OpenRejection[];
}

/**
 * Where the pagination key comes from: a finished run's result; the key the stopped run started
 * from (its schedule's input); the stopped run's own progress (its `state`, read before it was
 * stopped); or nothing (the organizer never ran).
 */
export type KeySource = 'finished-run' | 'run-start' | 'run-progress' | 'none';

export interface CarriedState {
  input: CarriedInput;
  keySource: KeySource;
  /** The run it was read from, and how it ended (`running` while it still runs). */
  run?: { runId: string; status: RunStatus };
  /** With keySource `run-progress`: pages the stopped run had applied past its starting key. */
  progressPages?: number;
  /** Signals of a run that did not finish, applied on top of its starting state. */
  signalsApplied: number;
  /** Signals whose argument was not a list of entries: the workflow could not apply them either. */
  signalsIgnored: number;
}

export type RunStatus = 'completed' | 'running' | 'terminated' | 'timed-out' | 'failed' | 'canceled';

export type RunSignal =
  | { name: 'skipTickets'; entries: string[]; at: Date }
  | { name: 'unskipTickets'; entries: string[]; at: Date }
  | { name: 'resolveRejections'; ticketIds: string[]; at: Date };

/** What a run's input or result says a next run starts from (read by src/client/historySchemas.ts). */
export interface StartingState {
  paginationKey?: string;
  skipTickets?: readonly string[] | null;
  openRejections?: readonly OpenRejection[] | null;
}

/** Where a run had got to, as its own `state` query said (recorded by unschedule when it stops it). */
export interface RunProgressState {
  paginationKey?: string;
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
  signals: RunSignal[];
  signalsIgnored: number;
  /** What unschedule read from the run's `state` just before stopping it. */
  progress?: RunProgressState;
}

/** Same as the workflow's own normalizing of skip-list entries (src/workflows/feedback.ts). */
export function normalizeSkipEntries(entries: readonly string[]): string[] {
  return entries
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function emptyCarriedState(organizerId: string): CarriedState {
  return {
    input: { organizerId, skipTickets: [], openRejections: [] },
    keySource: 'none',
    signalsApplied: 0,
    signalsIgnored: 0,
  };
}

/** A finished run: its result is what the next run reads (`lastResult`), nothing to add. */
export function carriedFromResult(organizerId: string, runId: string, result: StartingState): CarriedState {
  return {
    input: {
      organizerId,
      paginationKey: result.paginationKey,
      skipTickets: [...(result.skipTickets ?? [])],
      openRejections: [...(result.openRejections ?? [])],
    },
    keySource: 'finished-run',
    run: { runId, status: 'completed' },
    signalsApplied: 0,
    signalsIgnored: 0,
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
  const last = run.lastResult;
  const skip = new Set(normalizeSkipEntries(last?.skipTickets ?? run.input.skipTickets ?? []));
  let paginationKey = last ? last.paginationKey : run.input.paginationKey;
  let keySource: KeySource = last ? 'finished-run' : 'run-start';
  let openRejections: OpenRejection[] = [...(last?.openRejections ?? run.input.openRejections ?? [])];
  if (run.progress) {
    paginationKey = run.progress.paginationKey;
    keySource = 'run-progress';
    openRejections = [...run.progress.openRejections];
  }
  for (const signal of run.signals) {
    if (signal.name === 'skipTickets') normalizeSkipEntries(signal.entries).forEach((e) => skip.add(e));
    else if (signal.name === 'unskipTickets')
      normalizeSkipEntries(signal.entries).forEach((e) => skip.delete(e));
    else openRejections = withoutResolved(openRejections, new Set(signal.ticketIds), signal.at);
  }
  return {
    input: { organizerId, paginationKey, skipTickets: [...skip], openRejections },
    keySource,
    run: { runId: run.runId, status: run.status },
    progressPages: run.progress?.pages,
    signalsApplied: run.signals.length,
    signalsIgnored: run.signalsIgnored,
  };
}

function withoutResolved(items: OpenRejection[], fixed: ReadonlySet<string>, at: Date): OpenRejection[] {
  return items.filter((item) => {
    if (item.ticketId === undefined || !fixed.has(item.ticketId)) return true;
    const firstSeen = Date.parse(item.firstSeenAt);
    // Raised again after the signal (a later page): still open. Unreadable: resolved, as in the workflow.
    return !Number.isNaN(firstSeen) && firstSeen >= at.getTime();
  });
}
