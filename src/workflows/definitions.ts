/**
 * The feedback workflow's public contract: its input, its result, its signals and its query.
 * Shared by the workflow, the command line and the tests (no I/O here).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RejectedItem } from '../domain/diffItem';
import type { PageResume } from '../domain/pageSlices';

export interface FeedbackWorkflowInput {
  organizerId: string;
  /** Where the first run starts; later cron runs take the previous run's result. */
  paginationKey?: string;
  /** Where to go on inside the page at `paginationKey` (a page applied in slices, issue 13 item 5). */
  pageResume?: PageResume;
  /** Skip-list entries the first run starts with (`id:<ticketId>` or a tax number); later runs carry theirs. */
  skipTickets?: string[];
  /** Rejected items still open when the chain started (run-once and re-schedules carry them over). */
  openRejections?: OpenRejection[];
  /** Before this time (ISO 8601) a run does nothing (the schedule's start date). */
  notBefore?: string;
}

/** A rejected ticket that stays reported until a later valid change of it applies or it is skipped (SPEC §11). */
export interface OpenRejection extends RejectedItem {
  /** When the feedback first rejected it (ISO 8601). */
  firstSeenAt: string;
  /** The pagination key of the page it came in, so an operator can find it again. */
  pageKey?: string;
  /** The item as TIXNGO sent it (JSON, cut at 2 KiB), to fix and replay with `import`. */
  raw?: string;
}

export type RunStop =
  | 'drained'
  | 'page-budget'
  | 'history-limit'
  | 'children-limit'
  | 'sync-error'
  /** Halted before the key moved, with a reason in `halt` (a page mostly rejected, open rejections full). */
  | 'halted'
  | 'not-started'
  | 'import-done';

/** The result of one run: read by the next cron run and shown in the Temporal UI. */
export interface FeedbackRunResult {
  organizerId: string;
  /** Where the next run starts. */
  paginationKey?: string;
  /** Where the next run goes on inside the page at `paginationKey`, when it was left between slices. */
  pageResume?: PageResume;
  /** The live skip list (configuration entries are added at each run, not stored here). */
  skipTickets: string[];
  pages: number;
  /**
   * Items of the pages (and slices) the run applied, each counted once (issue 15 item 5):
   * `items = applied + unchanged + superseded + skipped + rejected + heldBack` (see ApplySummary).
   * A page refused whole (stoppedBy `halted`) is not among them.
   */
  items: number;
  applied: number;
  unchanged: number;
  /** Changes a newer change of the same ticket in the same page (or slice) replaced. */
  superseded: number;
  skipped: number;
  rejected: number;
  /** With doContinueInCaseOfSyncError=false: items after the failing ticket, read again by the next run. */
  heldBack: number;
  transfers: number;
  stoppedBy: RunStop;
  /**
   * Rejected items still open, newest last: at most MAX_OPEN_REJECTIONS and MAX_OPEN_REJECTIONS_BYTES.
   * None is ever dropped: a page whose rejections would not fit halts the run before its key.
   */
  openRejections: OpenRejection[];
  /** Open rejections dropped by runs before 2026-12 (which cut the list at 200); never grows now. */
  droppedRejections: number;
  /** With doContinueInCaseOfSyncError=false: the ticket that stopped the run. */
  syncError?: RejectedItem;
  /** With stoppedBy `halted`: why the run halted before the key moved, and what unblocks it. */
  halt?: string;
  warnings: string[];
}

export interface FeedbackState {
  organizerId: string;
  phase: 'starting' | 'processing' | 'handing-off-transfers' | 'done' | 'waiting-for-start-date';
  paginationKey?: string;
  /** Where the run is inside the page at `paginationKey`, when it has applied part of it. */
  pageResume?: PageResume;
  skipTickets: string[];
  progress: Pick<
    FeedbackRunResult,
    | 'pages'
    | 'items'
    | 'applied'
    | 'unchanged'
    | 'superseded'
    | 'skipped'
    | 'rejected'
    | 'heldBack'
    | 'transfers'
  >;
  openRejections: OpenRejection[];
  /** The run's warnings so far (refused signals among them), as in its result. */
  warnings: string[];
  /** Why the run halted before the key moved (stoppedBy `halted`). */
  halt?: string;
}

/**
 * Adds skip-list entries (`id:<ticketId>` or a tax number; a text may hold several, comma
 * separated) for this and later runs. At most MAX_SIGNAL_ENTRIES texts (src/workflows/signalPayloads.ts);
 * a payload of another shape, or an entry that does not parse, is refused with a warning.
 */
export const skipTicketsSignal = defineSignal<[string[]]>('skipTickets');
/** Removes skip-list entries added by signal, any that is listed, parsed or not (configuration entries stay). */
export const unskipTicketsSignal = defineSignal<[string[]]>('unskipTickets');
/**
 * Marks open rejections of these ticket ids as fixed (an import applied them). The second argument,
 * when given, says which change of each ticket was applied (ticket id → its statusChangedAt, ISO
 * 8601): a rejection of a newer change of the ticket stays open (src/workflows/openRejections.ts).
 */
export const resolveRejectionsSignal = defineSignal<[string[], Record<string, string>?]>('resolveRejections');
/** The current run's key, skip list, progress and open rejections. */
export const stateQuery = defineQuery<FeedbackState>('state');

/**
 * Open rejections a run carries at most (count; they ride in every result, state query and failure
 * of a run). Past it, or past MAX_OPEN_REJECTIONS_BYTES, a run halts before the key moves.
 */
export const MAX_OPEN_REJECTIONS = 1_000;
/** ...and at most this many UTF-8 JSON bytes (each is ≤ ≈ 7 KiB with its raw text). */
export const MAX_OPEN_REJECTIONS_BYTES = 512 * 1024;
