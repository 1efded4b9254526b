/**
 * What the command line prints for an error, and its exit code (issue 15 item 2): the whole cause
 * chain as a person reads it — Temporal's "Workflow execution failed" names nothing by itself, the
 * reason sits in its causes (an activity failure, then the application failure with our message).
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';
import { ZodError } from 'zod';
import { UsageError } from './args';
import { SkipListError } from '../domain/skipList';
import { DiffDocumentError } from '../domain/diffDocument';
import { CronScheduleError } from '../domain/cronSchedule';
import { InvalidScheduleError } from '../client/scheduleOrganizer';

/** Failure types that say the input (the configuration, a file, an argument) is wrong. */
const INPUT_FAILURE_TYPES = new Set([
  'ConfigError',
  'InvalidWorkflowInput',
  'SkipListError',
  'DiffDocumentError',
]);
const MAX_DEPTH = 8;

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

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

function chain(error: unknown): unknown[] {
  const levels: unknown[] = [];
  for (let level: unknown = error; level !== undefined && levels.length < MAX_DEPTH; level = causeOf(level)) {
    levels.push(level);
  }
  return levels;
}

/** The error and each of its causes, one line each (`because: …`), repeated messages once. */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  for (const level of chain(error)) {
    const text = levelText(level);
    if (text !== '' && !lines.some((line) => line.endsWith(text))) lines.push(text);
  }
  return lines.map((line, index) => (index === 0 ? line : `  because: ${line}`)).join('\n');
}

/** 2 for bad usage or input anywhere in the chain, 1 for any other failure. */
export function exitCodeOf(error: unknown): 1 | 2 {
  for (const level of chain(error)) {
    if (level instanceof UsageError || level instanceof SkipListError || level instanceof ZodError) return 2;
    if (level instanceof DiffDocumentError || level instanceof CronScheduleError) return 2;
    if (level instanceof InvalidScheduleError) return 2;
    if (level instanceof ApplicationFailure && INPUT_FAILURE_TYPES.has(level.type ?? '')) return 2;
  }
  return 1;
}
