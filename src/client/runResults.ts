import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { feedbackWorkflowId } from '../workflows/ids';
import type { FeedbackRunResult } from '../workflows';

/**
 * The result of one finished cron run. A cron run closes as "continued as new" with its result in
 * `lastCompletionResult`, so `handle.result()` cannot read it: read it from the run's last event.
 */
export async function feedbackRunResult(
  client: Client,
  organizerId: string,
  runId: string,
): Promise<FeedbackRunResult | undefined> {
  const history = await client.workflow.getHandle(feedbackWorkflowId(organizerId), runId).fetchHistory();
  const last = history.events?.at(-1);
  const payloads =
    last?.workflowExecutionContinuedAsNewEventAttributes?.lastCompletionResult?.payloads ??
    last?.workflowExecutionCompletedEventAttributes?.result?.payloads;
  if (!payloads || payloads.length === 0) return undefined;
  return decodeFromPayloadsAtIndex<FeedbackRunResult>(
    client.workflow.options.loadedDataConverter,
    0,
    payloads,
  );
}

/**
 * Completed runs of an organizer's cron workflow, oldest first, with their results; `newest`: only the
 * N newest; `closedAfter`: only runs closed at or after that time (a frequent cron piles up runs: a
 * time bound keeps a given run in view however many came after it).
 */
export async function completedFeedbackRuns(
  client: Client,
  organizerId: string,
  options: { newest?: number; closedAfter?: Date } = {},
): Promise<{ runId: string; closedAt?: Date; result: FeedbackRunResult }[]> {
  const query =
    `WorkflowId = '${feedbackWorkflowId(organizerId)}' AND ExecutionStatus = 'Completed'` +
    (options.closedAfter ? ` AND CloseTime >= '${options.closedAfter.toISOString()}'` : '');
  const runs: { runId: string; closedAt?: Date }[] = [];
  // Visibility lists newest first: `newest` bounds what is read (a cron organizer piles up runs).
  for await (const execution of client.workflow.list({ query, pageSize: options.newest })) {
    runs.push({ runId: execution.runId, closedAt: execution.closeTime });
    if (options.newest !== undefined && runs.length >= options.newest) break;
  }
  runs.sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0));
  const withResults = await Promise.all(
    runs.map(async (run) => ({ ...run, result: await feedbackRunResult(client, organizerId, run.runId) })),
  );
  return withResults.flatMap((run) => (run.result ? [{ ...run, result: run.result }] : []));
}

/** The newest finished run (cron or run-once) of the organizer, from which a new start carries on. */
export async function latestFeedbackRun(
  client: Client,
  organizerId: string,
): Promise<{ runId: string; closedAt?: Date; result: FeedbackRunResult } | undefined> {
  const query = `WorkflowId = '${feedbackWorkflowId(organizerId)}' AND ExecutionStatus = 'Completed'`;
  let newest: { runId: string; closedAt?: Date } | undefined;
  let seen = 0;
  // Visibility lists newest first; look at the first page only (a long-lived organizer has many runs).
  for await (const execution of client.workflow.list({ query, pageSize: 20 })) {
    if (!newest || (execution.closeTime?.getTime() ?? 0) > (newest.closedAt?.getTime() ?? 0)) {
      newest = { runId: execution.runId, closedAt: execution.closeTime };
    }
    if ((seen += 1) >= 20) break;
  }
  if (!newest) return undefined;
  const result = await feedbackRunResult(client, organizerId, newest.runId);
  return result ? { ...newest, result } : undefined;
}
