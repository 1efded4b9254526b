/**
 * What the command line reads back from a feedback run's history (its input, the previous run's
 * result, signal arguments, the unschedule record), checked here: a history is written by other
 * versions of this service, by the Temporal CLI and by the UI, so nothing in it is trusted as typed.
 */
import { z } from 'zod';
import { OpenRejectionRecord, PageResumeRecord } from '../workflows/carriedRunState';

/** JSON has no `undefined`: an absent key or `null` both mean "not set". */
const optionalText = z.preprocess((value) => value ?? undefined, z.string().optional());
/** Where a run goes on inside the page at its key, as the workflow reads it. */
const optionalPageResume = z.preprocess((value) => value ?? undefined, PageResumeRecord.optional());

/** An open rejection as the workflow reads one (src/workflows/carriedRunState.ts). */
export { OpenRejectionRecord };

/** The feedback workflow's input (FeedbackWorkflowInput), as far as a new start carries it on. */
export const StartInputRecord = z.looseObject({
  organizerId: z.string(),
  paginationKey: optionalText,
  pageResume: optionalPageResume,
  skipTickets: z.array(z.string()).nullish(),
  openRejections: z.array(OpenRejectionRecord).nullish(),
});

/** A run's result (FeedbackRunResult), as far as a new start carries it on. */
export const RunResultRecord = z.looseObject({
  paginationKey: optionalText,
  pageResume: optionalPageResume,
  skipTickets: z.array(z.string()).nullish(),
  openRejections: z.array(OpenRejectionRecord).nullish(),
});
export type RunResultRecord = z.infer<typeof RunResultRecord>;

/** The `state` query's answer (FeedbackState), as far as it says where a run had got to. */
export const StateRecord = z.looseObject({
  organizerId: z.string(),
  phase: z.string(),
  paginationKey: optionalText,
  pageResume: optionalPageResume,
  progress: z.looseObject({ pages: z.number().int().min(0) }),
  openRejections: z.array(OpenRejectionRecord),
});

/** Where a run that was stopped had got to, as its own `state` query said just before it was stopped. */
export const RunProgressRecord = z.object({
  paginationKey: optionalText,
  /** Where the run was inside the page at that key (absent: at its start). */
  pageResume: optionalPageResume,
  /** Pages the run had applied (and whose transfers it had handed over) past its starting key. */
  pages: z.number().int().min(0),
  openRejections: z.array(OpenRejectionRecord),
  /** When the state was read (ISO 8601). */
  readAt: z.string(),
});

export const UNSCHEDULE_RECORD_KIND = 'tixngo-feedback.unschedule';

/** The details `unschedule` writes into the stopped run's termination event. */
export const UnscheduleRecord = z.object({
  kind: z.literal(UNSCHEDULE_RECORD_KIND),
  version: z.literal(1),
  progress: RunProgressRecord.optional(),
});
