import { ApplicationFailure, isCancellation, TemporalFailure } from '@temporalio/workflow';
import { failureDetail, type CarriedRunState } from './carriedRunState';

/**
 * The failure a feedback run fails with, carrying what the run accepted (issue 13, item 3): the
 * same type, message and retry flag as `error`, `error` as its cause, and the carried state as its
 * first detail (details go through the payload codec like any payload). The next cron run reads it
 * from `workflowInfo().lastFailure`. A cancellation, and an error that is not a Temporal failure (a
 * bug: it fails the workflow task, which is retried, not the run), are returned as they are.
 */
export function failureCarrying(error: unknown, state: CarriedRunState): unknown {
  if (isCancellation(error) || !(error instanceof TemporalFailure)) return error;
  const application = error instanceof ApplicationFailure ? error : undefined;
  const causeType = error.cause instanceof ApplicationFailure ? error.cause.type : undefined;
  return ApplicationFailure.create({
    message: error.message,
    type: (application ? application.type : causeType) ?? error.name,
    nonRetryable: application?.nonRetryable ?? false,
    details: [failureDetail(state)],
    cause: error,
  });
}
