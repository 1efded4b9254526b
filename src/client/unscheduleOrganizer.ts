import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { feedbackWorkflowId } from '../workflows/ids';

export class OrganizerNotScheduledError extends Error {
  override name = 'OrganizerNotScheduledError';
  constructor(readonly organizerId: string) {
    super(
      `Organizer "${organizerId}" has no running feedback schedule (workflow "${feedbackWorkflowId(organizerId)}").`,
    );
  }
}

/** Ends the organizer's cron workflow; the current run stops where it is (its key is not lost: pages are atomic). */
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
