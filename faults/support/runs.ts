import type { Client } from '@temporalio/client';
import { feedbackRunResult } from '../../src/client/runResults';
import type { FeedbackRunResult } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';

/** Every closed run of the organizer's feedback workflow that returned a result (cron runs close "continued as new"). */
export async function completedOrContinuedRuns(
  client: Client,
  organizerId: string,
): Promise<{ runId: string; closedAt?: Date; result: FeedbackRunResult }[]> {
  const query = `WorkflowId = '${feedbackWorkflowId(organizerId)}' AND ExecutionStatus != 'Running'`;
  const runs: { runId: string; closedAt?: Date }[] = [];
  for await (const execution of client.workflow.list({ query })) {
    runs.push({ runId: execution.runId, closedAt: execution.closeTime });
  }
  runs.sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0));
  const results: { runId: string; closedAt?: Date; result: FeedbackRunResult }[] = [];
  for (const run of runs) {
    const result = await feedbackRunResult(client, organizerId, run.runId).catch(() => undefined);
    if (result) results.push({ ...run, result });
  }
  return results;
}
