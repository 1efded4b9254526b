/**
 * Failure types a retry cannot fix: activities raise them, workflows do not retry them. Activities
 * also give up on an `UnexpectedError` after a few attempts (src/activities/failures.ts), marking
 * that last failure non-retryable.
 */
export const NON_RETRYABLE_FAILURE_TYPES = [
  'ConfigError',
  'MissingSecretError',
  'RequestRefused',
  'InvalidData',
];
