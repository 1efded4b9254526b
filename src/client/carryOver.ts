import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { feedbackWorkflowId } from '../workflows/ids';
import {
  carriedFromResult,
  carriedFromUnfinishedRun,
  emptyCarriedState,
  type CarriedState,
} from './carriedState';
import { readRunHistory } from './runHistory';

/** What carries on from one run of the organizer's feedback, finished or not. */
export async function carriedStateOfRun(
  client: Client,
  organizerId: string,
  runId: string,
): Promise<CarriedState> {
  const run = await readRunHistory(client, organizerId, runId);
  return run.status === 'completed'
    ? carriedFromResult(organizerId, run.runId, run.result)
    : carriedFromUnfinishedRun(organizerId, run);
}

/**
 * What a new execution of the organizer's feedback carries on from: its newest run, whatever
 * ended it. Read from that run's history (strongly consistent, unlike a visibility list right after
 * an unschedule): a finished run's result, else the run's starting state with its signals on top.
 */
export async function currentCarriedState(client: Client, organizerId: string): Promise<CarriedState> {
  let runId: string;
  try {
    runId = (await client.workflow.getHandle(feedbackWorkflowId(organizerId)).describe()).runId;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return emptyCarriedState(organizerId);
    throw error;
  }
  return carriedStateOfRun(client, organizerId, runId);
}
