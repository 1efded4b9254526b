/**
 * A Temporal failure as a person reads it, decoded with the client's data converter (the codec
 * encrypts a failure's message and stack: undecoded, it says only "Encoded failure"). Issue 15 item 3.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { ZodError } from 'zod';

type ProtoFailure = temporal.api.failure.v1.IFailure;

const MAX_DEPTH = 8;

/** One level's text: its message, with the failure type or the activity / child it came from. */
function levelText(error: unknown): string {
  if (error instanceof ActivityFailure) return `${error.message} (activity ${error.activityType})`;
  if (error instanceof ChildWorkflowFailure)
    return `${error.message} (child workflow ${error.execution.workflowId})`;
  if (error instanceof ApplicationFailure && error.type) return `${error.message} [${error.type}]`;
  if (error instanceof ZodError)
    return error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The error and each of its causes, outermost first, as text, each message once. */
export function errorChainLevels(error: unknown): string[] {
  const levels: string[] = [];
  let level: unknown = error;
  for (let depth = 0; level !== undefined && depth < MAX_DEPTH; depth += 1) {
    const text = levelText(level);
    if (text !== '' && !levels.some((seen) => seen.endsWith(text))) levels.push(text);
    level = level instanceof Error ? level.cause : undefined;
  }
  return levels;
}

/** The error and its causes, outermost first, joined by "; because: ", each message once. */
export function errorChainText(error: unknown): string {
  return errorChainLevels(error).join('; because: ');
}

/**
 * The failure's text, decoded; undefined for no failure. A failure the codec cannot decode (a key
 * no longer in the keyring) is said as such rather than thrown: `status` must answer anyway.
 */
export async function failureText(
  converter: LoadedDataConverter,
  failure: ProtoFailure | null | undefined,
): Promise<string | undefined> {
  if (!failure) return undefined;
  try {
    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    return error ? errorChainText(error) : undefined;
  } catch (error) {
    return `(a failure that cannot be decoded: ${error instanceof Error ? error.message : String(error)})`;
  }
}
