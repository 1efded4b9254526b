import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { feedbackWorkflowId } from '../workflows/ids';
import type { CarriedState } from './carriedState';
import { carriedStateOfRun } from './carryOver';
import { OrganizerNotScheduledError } from './errors';
import { readRunProgress, RunAlreadyClosedError, terminateRun, type RunProgress } from './stopRun';

export { OrganizerNotScheduledError } from './errors';

export interface UnscheduleOutcome {
  organizerId: string;
  /** The run that was stopped (running, or waiting for its cron time). */
  runId: string;
  /**
   * What the stopped run's `state` said, or why it said nothing; `finished-meanwhile`: the run that
   * was asked finished (its result saved) and the next one, stopped at once, had nothing to say.
   */
  progress: RunProgress['kind'] | 'finished-meanwhile';
  /** Why the state could not be read, when it could not. */
  progressProblem?: string;
  /** What the next schedule, run-once or import carries on from (the same function reads it then). */
  carried: CarriedState;
}

/**
 * Ends the organizer's cron workflow, losing nothing: the skip / unskip / resolve signals the
 * stopped run had received stay in its history and are applied on top of its starting state by the
 * next carry-over; the run's own progress (its key, which moves only once a page is applied, and its
 * rejections) is read first and recorded with the termination, so pages it applied are not read again.
 */
export async function unscheduleOrganizer(
  client: Client,
  organizerId: string,
  reason: string,
): Promise<UnscheduleOutcome> {
  const id = OrganizerId.parse(organizerId);
  const runId = await runningRunId(client, id);
  const progress = await readRunProgress(client, feedbackWorkflowId(id), runId);
  const stopped = await stop(client, { organizerId: id, runId, reason, progress });
  return {
    organizerId: id,
    runId: stopped.runId,
    progress: stopped.progress,
    progressProblem:
      stopped.progress === 'unanswered' && progress.kind === 'unanswered' ? progress.reason : undefined,
    carried: await carriedStateOfRun(client, id, stopped.runId),
  };
}

/** Terminates the run that was read, or, if it finished meanwhile, the run that took over. */
async function stop(
  client: Client,
  target: { organizerId: string; runId: string; reason: string; progress: RunProgress },
): Promise<{ runId: string; progress: UnscheduleOutcome['progress'] }> {
  const workflowId = feedbackWorkflowId(target.organizerId);
  const { runId, reason, progress } = target;
  try {
    await terminateRun(client, {
      workflowId,
      runId,
      reason,
      progress: progress.kind === 'read' ? progress.progress : undefined,
    });
    return { runId, progress: progress.kind };
  } catch (error) {
    if (!(error instanceof RunAlreadyClosedError)) throw error;
  }
  // That run finished meanwhile (reading its state may wait for the workflow task that ends it) and
  // its result is saved. Stop whichever run took over, at once: its signals are in its history.
  try {
    await client.workflow.getHandle(workflowId).terminate(reason);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new OrganizerNotScheduledError(target.organizerId);
    throw error;
  }
  // Nothing starts after a termination: the newest run is the one just stopped.
  const description = await client.workflow.getHandle(workflowId).describe();
  return { runId: description.runId, progress: 'finished-meanwhile' };
}

async function runningRunId(client: Client, organizerId: string): Promise<string> {
  try {
    const description = await client.workflow.getHandle(feedbackWorkflowId(organizerId)).describe();
    if (description.status.name === 'RUNNING') return description.runId;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  throw new OrganizerNotScheduledError(organizerId);
}
