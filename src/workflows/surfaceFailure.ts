import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';

/**
 * Runs an activity call; when it fails for a reason a retry cannot fix (bad configuration, a
 * refused key, invalid data, an unexpected error the activity gave up on), the workflow fails with
 * that reason's own message on top, which is what the Temporal UI and `temporal workflow show`
 * display first.
 */
export async function surfacingFailures<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (
      cause instanceof ApplicationFailure &&
      (cause.nonRetryable === true || NON_RETRYABLE_FAILURE_TYPES.includes(cause.type ?? ''))
    ) {
      throw ApplicationFailure.create({
        message: cause.message,
        type: cause.type ?? undefined,
        nonRetryable: true,
      });
    }
    throw error;
  }
}
