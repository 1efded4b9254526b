import { ApplicationFailure } from '@temporalio/activity';
import { ConfigError } from '../domain/settings';
import { MissingSecretError } from '../config/secrets';
import { TransportError } from '../http/transportError';

/**
 * Turns what an adapter threw into a Temporal failure with a clear type and message and no cause
 * chain, so nothing but the message (already scrubbed of secrets) reaches workflow history.
 */
export function toActivityFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof ConfigError || error instanceof MissingSecretError) {
    return ApplicationFailure.create({ message: error.message, type: error.name, nonRetryable: true });
  }
  if (error instanceof TransportError) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.retryable ? 'TransportError' : 'RequestRefused',
      nonRetryable: !error.retryable,
      nextRetryDelay: error.retryAfterMs,
    });
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  return ApplicationFailure.create({ message, type: 'UnexpectedError' });
}
