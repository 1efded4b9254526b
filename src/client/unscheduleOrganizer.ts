import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { feedbackWorkflowId } from '../workflows/ids';
import { OrganizerNotScheduledError } from './errors';

export { OrganizerNotScheduledError } from './errors';

/**
 * Ends the organizer's cron workflow. Nothing is lost: a page is applied whole or re-read, and the
 * next schedule carries on from the last finished run's key.
 */
export async function unscheduleOrganizer(
  client: Client,
  organizerId: string,
  reason: string,
): Promise<void> {
  const id = feedbackWorkflowId(OrganizerId.parse(organizerId));
  try {
    await client.workflow.getHandle(id).terminate(reason);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new OrganizerNotScheduledError(organizerId);
    throw error;
  }
}
