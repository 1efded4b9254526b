import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import type { FeedbackRunResult } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import { ORGANIZER_ID } from '../workflows/searchAttributes';
import { OrganizerAlreadyScheduledError } from './errors';
import { followRuns } from './runFollower';
import { formatRunEvent } from './runSummaries';
import { carryOver, DEFAULT_TASK_QUEUE } from './scheduleOrganizer';

export interface RunOnceOptions {
  organizerId: string;
  taskQueue?: string;
  paginationKey?: string;
  /**
   * Called with one line (src/client/runSummaries.ts) each time the run gets stuck while it is
   * awaited: a workflow task or an activity on its STUCK_ATTEMPTS-th attempt or later, with the
   * decoded last failure, or a workflow task no worker picked up (src/client/runFollower.ts), so a
   * run retrying for minutes, or waiting for a worker that does not poll its queue, is not silent.
   */
  onProgress?: (line: string) => void;
  /** How often the run is looked at for onProgress (default 2000 ms). */
  progressIntervalMs?: number;
}

/**
 * The legacy screen's "manual" launch: one run now, under the organizer's fixed workflow id (so it
 * is refused while a schedule or another run exists), carrying on from the last finished run.
 */
export async function runOnce(client: Client, options: RunOnceOptions): Promise<FeedbackRunResult> {
  const organizerId = OrganizerId.parse(options.organizerId);
  const input = await carryOver(client, organizerId, options.paginationKey);
  try {
    const handle = await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      args: [input],
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
    });
    const { onProgress } = options;
    const follower = onProgress
      ? followRuns(
          client,
          organizerId,
          (event) =>
            onProgress(
              formatRunEvent(organizerId, event) +
                // The run stays (and blocks a schedule) until it ends: say how to end it.
                (event.kind === 'not-picked-up'
                  ? `; run-once keeps waiting (Ctrl-C stops waiting; then \`tixngo-feedback unschedule ${organizerId}\` ends the run)`
                  : ''),
            ),
          options.progressIntervalMs,
          'stuck-only',
        )
      : undefined;
    try {
      return (await handle.result()) as FeedbackRunResult;
    } finally {
      follower?.stop();
    }
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new OrganizerAlreadyScheduledError(organizerId);
    throw error;
  }
}
