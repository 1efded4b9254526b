/**
 * An organizer's transfer workflows that ended without settling (failed, e.g. a step S-360 refused
 * non-retryably, or timed out): counted and the newest listed, by a visibility query on the
 * organizer's search attribute (src/workflows/searchAttributes.ts). Answered by the server alone.
 */
import type { Client } from '@temporalio/client';
import { ORGANIZER_ID, TICKET_ID } from '../workflows/searchAttributes';
import { closedExecutionOutcome, type ClosedRunOutcome } from './runHealth';

/** Failed transfer workflows listed by `status` (the newest first); the rest are only counted. */
export const SHOWN_FAILED_TRANSFERS = 5;

export interface FailedTransfer {
  workflowId: string;
  runId: string;
  /** The ticket (its TicketId search attribute), as TIXNGO sent it: escape it before printing. */
  ticketId?: string;
  closedAt?: Date;
  outcome: Exclude<ClosedRunOutcome, 'completed'>;
  /** The decoded failure (e.g. `HTTP 422: …`), or `run timeout reached`. */
  reason?: string;
}

export interface FailedTransfers {
  /** All of the organizer's failed or timed-out transfer workflows still in visibility (retention). */
  count: number;
  /** The newest SHOWN_FAILED_TRANSFERS of them, newest first. */
  newest: FailedTransfer[];
}

/** The visibility query; `organizerId` is a checked OrganizerId (letters, digits, `_.-`: no quote). */
export function failedTransfersQuery(organizerId: string): string {
  return (
    `${ORGANIZER_ID.name} = '${organizerId}' AND WorkflowType = 'transferWorkflow' AND ` +
    `(ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut')`
  );
}

export async function failedTransfers(
  client: Client,
  organizerId: string,
  shown = SHOWN_FAILED_TRANSFERS,
): Promise<FailedTransfers> {
  const query = failedTransfersQuery(organizerId);
  const { count } = await client.workflow.count(query);
  if (count === 0) return { count, newest: [] };
  const executions: { workflowId: string; runId: string; ticketId?: string; closedAt?: Date }[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: shown })) {
    executions.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      ticketId: execution.typedSearchAttributes.get(TICKET_ID),
      closedAt: execution.closeTime,
    });
    if (executions.length >= shown) break;
  }
  executions.sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0));
  const newest = await Promise.all(
    executions.map(async (execution) => {
      const { outcome, reason } = await closedExecutionOutcome(client, execution.workflowId, execution.runId);
      return {
        ...execution,
        outcome: outcome === 'completed' ? 'failed' : outcome,
        reason,
      } as FailedTransfer;
    }),
  );
  return { count, newest };
}
