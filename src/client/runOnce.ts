import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import type { FeedbackRunResult } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import { ORGANIZER_ID } from '../workflows/searchAttributes';
import { OrganizerAlreadyScheduledError } from './errors';
import { carryOver, DEFAULT_TASK_QUEUE } from './scheduleOrganizer';

/**
 * The legacy screen's "manual" launch: one run now, under the organizer's fixed workflow id (so it
 * is refused while a schedule or another run exists), carrying on from the last finished run.
 */
export async function runOnce(
  client: Client,
  options: { organizerId: string; taskQueue?: string; paginationKey?: string },
): Promise<FeedbackRunResult> {
  const organizerId = OrganizerId.parse(options.organizerId);
  const input = await carryOver(client, organizerId, options.paginationKey);
  try {
    const handle = await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      args: [input],
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
    });
    return (await handle.result()) as FeedbackRunResult;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new OrganizerAlreadyScheduledError(organizerId);
    throw error;
  }
}
