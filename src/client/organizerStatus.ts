import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { stateQuery, type FeedbackRunResult, type FeedbackState } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import { latestFeedbackRun } from './runResults';

export interface OrganizerStatus {
  organizerId: string;
  workflowId: string;
  /** RUNNING while scheduled (between cron runs too); otherwise how the last execution closed. */
  executionStatus?: string;
  runId?: string;
  startedAt?: Date;
  /** The current run's progress, when a run is executing. */
  state?: FeedbackState;
  lastRun?: { closedAt?: Date; result: FeedbackRunResult };
}

export async function organizerStatus(client: Client, organizerIdText: string): Promise<OrganizerStatus> {
  const organizerId = OrganizerId.parse(organizerIdText);
  const workflowId = feedbackWorkflowId(organizerId);
  const status: OrganizerStatus = { organizerId, workflowId };
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    status.executionStatus = description.status.name;
    status.runId = description.runId;
    status.startedAt = description.startTime;
    if (description.status.name === 'RUNNING' && description.historyLength > 2) {
      status.state = await handle.query(stateQuery).catch(() => undefined);
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  const last = await latestFeedbackRun(client, organizerId);
  if (last) status.lastRun = { closedAt: last.closedAt, result: last.result };
  return status;
}
