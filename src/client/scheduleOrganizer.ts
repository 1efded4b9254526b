import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import type { FeedbackWorkflowInput } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import { ORGANIZER_ID } from '../workflows/searchAttributes';
import type { feedbackWorkflow } from '../workflows';
import { OrganizerAlreadyScheduledError } from './errors';
import { currentCarriedState } from './carryOver';

export { OrganizerAlreadyScheduledError } from './errors';

/** Every 5 minutes, on the clock (:00, :05, …), as SPEC §2 recommends. */
export const DEFAULT_CRON_SCHEDULE = '*/5 * * * *';
export const DEFAULT_TASK_QUEUE = 'tixngo-feedback';
/** The variable the worker polls its task queue from, and the command line starts its workflows on. */
export const TASK_QUEUE_VARIABLE = 'TEMPORAL_TASK_QUEUE';

/** The task queue of the environment (TEMPORAL_TASK_QUEUE), else DEFAULT_TASK_QUEUE: the worker's and the command line's. */
export function taskQueueFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env[TASK_QUEUE_VARIABLE]?.trim() || DEFAULT_TASK_QUEUE;
}

export interface ScheduleOrganizerOptions {
  organizerId: string;
  /** Cron spec (`*\/5 * * * *`) or `@every 30s`. */
  cronSchedule?: string;
  taskQueue?: string;
  /** First run's pagination key; by default the key of the organizer's last finished run. */
  paginationKey?: string;
  /** Runs before this date do nothing (the schedule's start date). */
  startDate?: Date;
  /** The schedule ends at this date (the whole cron chain's execution timeout). */
  endDate?: Date;
}

export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
}

/** gRPC INVALID_ARGUMENT: the server refused the start request itself (its cron spec, with our input). */
const GRPC_INVALID_ARGUMENT = 3;

function invalidArgumentOf(error: unknown): { details: string } | undefined {
  for (let level: unknown = error, depth = 0; level !== undefined && depth < 4; depth += 1) {
    if (isGrpcServiceError(level) && level.code === GRPC_INVALID_ARGUMENT)
      return { details: level.details || level.message };
    level = level instanceof Error ? level.cause : undefined;
  }
  return undefined;
}

/**
 * What a new execution carries on from: the key, live skip list and open rejections of the
 * organizer's newest run, with the signals of a run that never finished (unscheduled while it ran
 * or waited for its cron time) applied on top, so unscheduling and scheduling again (or a run-once)
 * loses nothing. See src/client/carryOver.ts.
 */
export async function carryOver(
  client: Client,
  organizerId: string,
  paginationKey?: string,
): Promise<FeedbackWorkflowInput> {
  const { input } = await currentCarriedState(client, organizerId);
  if (paginationKey === undefined || paginationKey === input.paginationKey) return input;
  // The operator's key: a resume point inside the carried key's page belongs to another page.
  return { ...input, paginationKey, pageResume: undefined };
}

/** Starts the organizer's cron workflow under its fixed id; a second start is refused. */
export async function scheduleOrganizer(
  client: Client,
  options: ScheduleOrganizerOptions,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof feedbackWorkflow>> {
  const organizerId = OrganizerId.parse(options.organizerId);
  const now = Date.now();
  if (options.endDate && options.endDate.getTime() <= now) {
    throw new InvalidScheduleError(`The end date ${options.endDate.toISOString()} is already past.`);
  }
  if (options.startDate && options.endDate && options.startDate >= options.endDate) {
    throw new InvalidScheduleError('The start date must come before the end date.');
  }
  const input = await carryOver(client, organizerId, options.paginationKey);
  const cronSchedule = options.cronSchedule ?? DEFAULT_CRON_SCHEDULE;
  try {
    return await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      cronSchedule,
      args: [{ ...input, notBefore: options.startDate?.toISOString() }],
      workflowExecutionTimeout: options.endDate ? options.endDate.getTime() - now : undefined,
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new OrganizerAlreadyScheduledError(organizerId);
    // The server's "invalid CronSchedule." names neither the spec nor the organizer: say both.
    const invalid = invalidArgumentOf(error);
    if (invalid)
      throw new InvalidScheduleError(
        `Temporal refused the cron spec ${JSON.stringify(cronSchedule)} of organizer "${organizerId}": ` +
          `${invalid.details} Nothing was scheduled; check the spec (zone of CRON_TZ=, @every interval, fields).`,
        { cause: error },
      );
    throw error;
  }
}
