/**
 * What the command line prints for an error, and its exit code (issue 15 item 2): the whole cause
 * chain as a person reads it — Temporal's "Workflow execution failed" names nothing by itself, the
 * reason sits in its causes (an activity failure, then the application failure with our message).
 */
import { ApplicationFailure } from '@temporalio/common';
import { errorChainLevels } from '../client/failureText';
import { ZodError } from 'zod';
import { UsageError } from './args';
import { CodecConfigError } from '../codec/keys';
import { SkipListError } from '../domain/skipList';
import { DiffDocumentError } from '../domain/diffDocument';
import { CronScheduleError } from '../domain/cronSchedule';
import { InvalidScheduleError } from '../client/scheduleOrganizer';
import { ResolveEntryError } from '../client/errors';
import { terminalText } from '../domain/terminalText';

/** Failure types that say the input (the configuration, a file, an argument) is wrong. */
const INPUT_FAILURE_TYPES = new Set([
  'ConfigError',
  'InvalidWorkflowInput',
  'SkipListError',
  'DiffDocumentError',
]);
const MAX_DEPTH = 8;

function chain(error: unknown): unknown[] {
  const levels: unknown[] = [];
  for (let level: unknown = error; level !== undefined && levels.length < MAX_DEPTH;) {
    levels.push(level);
    level = level instanceof Error ? level.cause : undefined;
  }
  return levels;
}

/** The error and each of its causes, one line each (`because: …`), repeated messages once. */
export function describeError(error: unknown): string {
  return errorChainLevels(error)
    .map(terminalText)
    .map((line, index) => (index === 0 ? line : `  because: ${line}`))
    .join('\n');
}

/** 2 for bad usage or input anywhere in the chain, 1 for any other failure. */
export function exitCodeOf(error: unknown): 1 | 2 {
  for (const level of chain(error)) {
    if (level instanceof UsageError || level instanceof SkipListError || level instanceof ZodError) return 2;
    if (level instanceof ResolveEntryError) return 2;
    if (level instanceof DiffDocumentError || level instanceof CronScheduleError) return 2;
    if (level instanceof InvalidScheduleError || level instanceof CodecConfigError) return 2;
    if (level instanceof ApplicationFailure && INPUT_FAILURE_TYPES.has(level.type ?? '')) return 2;
  }
  return 1;
}
