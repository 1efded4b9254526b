import { ApplicationFailure, Context } from '@temporalio/activity';
import { ZodError } from 'zod';
import { ConfigError } from '../domain/settings';
import { MissingSecretError } from '../config/secrets';
import { TransportError } from '../http/transportError';

/**
 * Attempts an activity makes at an error nobody foresaw, or at an answer that does not fit the
 * contract, before it gives up (issue 13, item 10): with the workflows' retry policies (1 s, then
 * doubling) that is about 15 s of retries; then the run fails with the error's message.
 */
export const UNEXPECTED_ERROR_MAX_ATTEMPTS = 5;

/** Errors that say the code met data or a state it cannot handle: the same input fails again. */
const DETERMINISTIC_ERRORS: ReadonlySet<string> = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'URIError',
  'EvalError',
]);
const MAX_MESSAGE_CHARS = 500;

/** The attempt of the running activity (1 outside an activity: unit tests). */
export function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // outside an activity (unit tests)
  }
}

const cut = (text: string): string =>
  text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;

/** A retryable failure, made non-retryable once `attempt` reaches UNEXPECTED_ERROR_MAX_ATTEMPTS. */
function capped(message: string, type: string, attempt: number, nextRetryDelay?: number): ApplicationFailure {
  const last = attempt >= UNEXPECTED_ERROR_MAX_ATTEMPTS;
  return ApplicationFailure.create({
    message: last ? `${message} (gave up after ${attempt} attempts)` : message,
    type,
    nonRetryable: last,
    nextRetryDelay: last ? undefined : nextRetryDelay,
  });
}

/**
 * Turns what an adapter threw into a Temporal failure with a clear type and message and no cause
 * chain, so nothing but the message (already scrubbed of secrets) reaches workflow history. No error
 * a retry cannot fix is retried without end (issue 13, item 10):
 * - bad configuration, a missing secret, a request S-360 or TIXNGO refused (4xx): not retried;
 * - a validation error (ZodError: type `InvalidData`) or a programming error (TypeError,
 *   RangeError, …: type `UnexpectedError`): not retried, the same input would fail the same way;
 * - an answer that does not fit the contract (`bad-response`) and any other error
 *   (`UnexpectedError`): retried up to UNEXPECTED_ERROR_MAX_ATTEMPTS attempts, then given up;
 * - TIXNGO or S-360 down, 5xx, 408/425/429, time-outs (`TransportError`): retried with backoff
 *   for as long as it takes (an outage must lose nothing).
 */
export function toActivityFailure(error: unknown, attempt: number = currentAttempt()): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof ConfigError || error instanceof MissingSecretError) {
    return ApplicationFailure.create({ message: error.message, type: error.name, nonRetryable: true });
  }
  if (error instanceof TransportError) {
    if (!error.retryable) {
      return ApplicationFailure.create({
        message: error.message,
        type: 'RequestRefused',
        nonRetryable: true,
      });
    }
    if (error.kind === 'bad-response')
      return capped(error.message, 'TransportError', attempt, error.retryAfterMs);
    return ApplicationFailure.create({
      message: error.message,
      type: 'TransportError',
      nextRetryDelay: error.retryAfterMs,
    });
  }
  if (error instanceof ZodError) {
    const [issue] = error.issues;
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return ApplicationFailure.create({
      message: cut(`invalid data at ${where}: ${issue?.message ?? 'invalid'} (a retry cannot fix it)`),
      type: 'InvalidData',
      nonRetryable: true,
    });
  }
  const message = cut(error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');
  if (error instanceof Error && DETERMINISTIC_ERRORS.has(error.name)) {
    return ApplicationFailure.create({
      message: `${message} (a retry cannot fix it)`,
      type: 'UnexpectedError',
      nonRetryable: true,
    });
  }
  return capped(message, 'UnexpectedError', attempt);
}
