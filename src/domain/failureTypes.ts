/** Failure types a retry cannot fix: activities raise them, workflows do not retry them. */
export const NON_RETRYABLE_FAILURE_TYPES = ['ConfigError', 'MissingSecretError', 'RequestRefused'];
