import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { feedbackWorkflowId } from '../workflows/ids';
import { ORGANIZER_ID } from '../workflows/searchAttributes';
import type { feedbackWorkflow } from '../workflows';

/** Every 5 minutes, on the clock (:00, :05, …), as SPEC §2 recommends. */
export const DEFAULT_CRON_SCHEDULE = '*/5 * * * *';
export const DEFAULT_TASK_QUEUE = 'tixngo-feedback';

export class OrganizerAlreadyScheduledError extends Error {
  override name = 'OrganizerAlreadyScheduledError';
  constructor(readonly organizerId: string) {
    super(
      `Organizer "${organizerId}" already has a running feedback schedule (workflow ` +
        `"${feedbackWorkflowId(organizerId)}"). Only one feedback execution per organizer may exist at a time, ` +
        `so this second start was refused. To change the schedule, unschedule the organizer first: ` +
        `tixngo-feedback unschedule ${organizerId}`,
    );
  }
}

export interface ScheduleOrganizerOptions {
  organizerId: string;
  /** Cron spec (`*\/5 * * * *`) or `@every 30s`. */
  cronSchedule?: string;
  taskQueue?: string;
  /** First run's pagination key, when an operator must set it. */
  paginationKey?: string;
  pageBudget?: number;
}

/** Starts the organizer's cron workflow under its fixed id; a second start is refused. */
export async function scheduleOrganizer(
  client: Client,
  options: ScheduleOrganizerOptions,
): Promise<WorkflowHandle<typeof feedbackWorkflow>> {
  const organizerId = OrganizerId.parse(options.organizerId);
  try {
    return await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      cronSchedule: options.cronSchedule ?? DEFAULT_CRON_SCHEDULE,
      args: [{ organizerId, paginationKey: options.paginationKey, pageBudget: options.pageBudget }],
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new OrganizerAlreadyScheduledError(organizerId);
    throw error;
  }
}
