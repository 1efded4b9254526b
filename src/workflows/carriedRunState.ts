/**
 * What one feedback run hands the next (issue 13, items 1 and 3), and where a run starts from.
 * Pure (zod, no workflow APIs), so the command line's carry-over (src/client/carriedState.ts)
 * reads runs by the same rules as the workflow.
 *
 * A run starts from, in order of preference: the state a failed previous run carried in its
 * failure's details (Temporal hands a cron run the last *completed* result, so without it what a
 * failed run accepted would be lost); the previous completed run's result; the workflow's input.
 * The input is checked strictly (a bad one fails the run, naming the field); what the previous run
 * left is checked too, and one of an unexpected shape is reported and passed over.
 */
import { ApplicationFailure } from '@temporalio/common';
import { checkedWorkflowInput, INVALID_INPUT_FAILURE_TYPE } from './checkedInput';
import { z } from 'zod';
import { OrganizerId } from '../domain/organizer';
import type { PageResume } from '../domain/pageSlices';
import type { FeedbackWorkflowInput, OpenRejection } from './definitions';

/** JSON has no `undefined`: an absent key or `null` both mean "not set". */
const optionalText = z.preprocess((value) => value ?? undefined, z.string().optional());

export const OpenRejectionRecord = z.looseObject({
  ticketId: optionalText,
  index: z.number(),
  path: z.string(),
  reason: z.string(),
  firstSeenAt: z.string(),
  pageKey: optionalText,
  raw: optionalText,
});

const isoDate = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date (ISO 8601)');

/** Where a run goes on inside the page at its key (src/domain/pageSlices.ts). */
export const PageResumeRecord = z.object({ index: z.number().int().min(0), fingerprint: z.string().max(64) });
const optionalPageResume = z.preprocess((value) => value ?? undefined, PageResumeRecord.optional());

/** FeedbackWorkflowInput, as the workflow accepts it (older and newer fields are let through). */
export const FeedbackInputRecord = z.looseObject({
  organizerId: OrganizerId,
  paginationKey: optionalText,
  pageResume: optionalPageResume,
  // Not bounded beyond Temporal's payload limit: a list an older version carried must still start.
  skipTickets: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? undefined),
  openRejections: z
    .array(OpenRejectionRecord)
    .nullish()
    .transform((value) => value ?? undefined),
  notBefore: z.preprocess((value) => value ?? undefined, isoDate.optional()),
});

/** What a run hands the next: read from a result (FeedbackRunResult) or a failure's details. */
export const CarriedRunStateRecord = z.looseObject({
  paginationKey: optionalText,
  pageResume: optionalPageResume,
  skipTickets: z.array(z.string()).nullish(),
  openRejections: z.array(OpenRejectionRecord).nullish(),
  droppedRejections: z.number().int().min(0).nullish(),
});

export interface CarriedRunState {
  /** Where the next run starts: moved only over pages applied and handed off. */
  paginationKey?: string;
  /** Where it goes on inside that page, when a page was left between slices. */
  pageResume?: PageResume;
  /** The live skip list. */
  skipTickets: string[];
  openRejections: OpenRejection[];
  droppedRejections: number;
}

export const CARRIED_STATE_KIND = 'tixngo-feedback.carried-state';

/** The first detail of the failure a feedback run fails with (see carryOnFailure.ts). */
export const FailureCarriedStateRecord = z.object({
  kind: z.literal(CARRIED_STATE_KIND),
  version: z.literal(1),
  state: CarriedRunStateRecord,
});

/** The detail a failing run attaches to its failure. */
export function failureDetail(state: CarriedRunState): {
  kind: typeof CARRIED_STATE_KIND;
  version: 1;
  state: CarriedRunState;
} {
  return { kind: CARRIED_STATE_KIND, version: 1, state };
}

function carried(record: z.infer<typeof CarriedRunStateRecord>): CarriedRunState {
  return {
    paginationKey: record.paginationKey,
    pageResume: record.pageResume,
    skipTickets: [...(record.skipTickets ?? [])],
    openRejections: [...((record.openRejections ?? []) as OpenRejection[])],
    droppedRejections: record.droppedRejections ?? 0,
  };
}

export type StartSource = 'failed-run' | 'finished-run' | 'input';

export interface RunStart {
  input: FeedbackWorkflowInput;
  state: CarriedRunState;
  source: StartSource;
  /** What was passed over, for the run's warnings. */
  warnings: string[];
}

export { INVALID_INPUT_FAILURE_TYPE };

/** The input, checked: a non-retryable failure naming the field when it has another shape. */
export function checkedInput(input: unknown): FeedbackWorkflowInput {
  return checkedWorkflowInput('feedback', FeedbackInputRecord, input) as FeedbackWorkflowInput;
}

/** The carried state in a failure's details, or why there is none that can be used. */
export function stateOfFailure(failure: unknown): { state?: CarriedRunState; problem?: string } {
  if (!(failure instanceof ApplicationFailure)) return { problem: 'it carries no state' };
  const detail = failure.details?.[0];
  if (detail === undefined) return { problem: 'it carries no state' };
  const record = FailureCarriedStateRecord.safeParse(detail);
  if (!record.success)
    return { problem: `its carried state has an unexpected shape (${record.error.issues[0]?.message})` };
  return { state: carried(record.data.state) };
}

/**
 * Where a run starts (see the file's comment). `lastFailure` is the failure of the previous run when
 * it failed; `lastResult` the last completed run's result. Throws only for a bad input.
 */
export function runStart(input: unknown, lastResult: unknown, lastFailure: unknown): RunStart {
  const checked = checkedInput(input);
  const warnings: string[] = [];
  if (lastFailure !== undefined && lastFailure !== null) {
    const { state, problem } = stateOfFailure(lastFailure);
    if (state) return { input: checked, state, source: 'failed-run', warnings };
    warnings.push(
      `The previous run failed and ${problem}: starting from the last finished run instead (signals it received are not carried).`,
    );
  }
  if (lastResult !== undefined && lastResult !== null) {
    const record = CarriedRunStateRecord.safeParse(lastResult);
    if (record.success)
      return { input: checked, state: carried(record.data), source: 'finished-run', warnings };
    warnings.push(
      `The previous run's result has an unexpected shape (${record.error.issues[0]?.path.join('.') || 'result'}: ${record.error.issues[0]?.message}): starting from the workflow's input instead.`,
    );
  }
  return {
    input: checked,
    state: {
      paginationKey: checked.paginationKey,
      pageResume: checked.pageResume,
      skipTickets: [...(checked.skipTickets ?? [])],
      openRejections: [...(checked.openRejections ?? [])],
      droppedRejections: 0,
    },
    source: 'input',
    warnings,
  };
}
