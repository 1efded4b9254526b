/**
 * The two steps of stopping one run of an organizer's feedback without losing where it had got to:
 * read its `state` (best effort), then terminate exactly that run with what was read recorded in
 * its termination event, where the next carry-over finds it (src/client/runHistory.ts).
 */
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { MAX_OPEN_REJECTIONS, stateQuery } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import type { RunProgressState } from './carriedState';
import { StateRecord, UNSCHEDULE_RECORD_KIND } from './historySchemas';

/** How long unschedule waits for a worker to answer the run's `state` query. */
export const STATE_QUERY_TIMEOUT_MS = 5_000;

const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;

export type RunProgress =
  | { kind: 'read'; progress: RunProgressState }
  /** The run waits for its cron time: it has done nothing yet, its signals are all in its history. */
  | { kind: 'not-started' }
  /** No worker answered (none running, or the run is stuck): its pages will be read again. */
  | { kind: 'unanswered'; reason: string };

export class RunAlreadyClosedError extends Error {
  override name = 'RunAlreadyClosedError';
  constructor(
    readonly workflowId: string,
    readonly runId: string,
  ) {
    super(`Run ${runId} of "${workflowId}" closed before it could be stopped.`);
  }
}

/** The run's own `state`: where its key is (it moves only once a page is applied) and its rejections. */
export async function readRunProgress(
  client: Client,
  workflowId: string,
  runId: string,
  timeoutMs = STATE_QUERY_TIMEOUT_MS,
): Promise<RunProgress> {
  let answer: unknown;
  try {
    answer = await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.getHandle(workflowId, runId).query(stateQuery),
    );
  } catch (error) {
    if (grpcCode(error) === GRPC_FAILED_PRECONDITION) return { kind: 'not-started' };
    return { kind: 'unanswered', reason: describeError(error) };
  }
  const state = StateRecord.safeParse(answer);
  if (!state.success || feedbackWorkflowId(state.data.organizerId) !== workflowId)
    return { kind: 'unanswered', reason: 'its state query answered something else' };
  return {
    kind: 'read',
    progress: {
      paginationKey: state.data.paginationKey,
      pageResume: state.data.pageResume,
      pages: state.data.progress.pages,
      // Bounded as the run's result would be (newest last), so the record stays small.
      openRejections: state.data.openRejections.slice(-MAX_OPEN_REJECTIONS),
      readAt: new Date().toISOString(),
    },
  };
}

/**
 * Terminates this run, not whichever run is current by then (a cron run may have finished and the
 * next one started meanwhile: then RunAlreadyClosedError). The record goes through the payload
 * codec like every other payload: open rejections carry ticket data.
 */
export async function terminateRun(
  client: Client,
  target: { workflowId: string; runId: string; reason: string; progress?: RunProgressState },
): Promise<void> {
  const record = { kind: UNSCHEDULE_RECORD_KIND, version: 1, progress: target.progress };
  const { namespace, identity, loadedDataConverter } = client.workflow.options;
  try {
    await client.workflowService.terminateWorkflowExecution({
      namespace,
      identity,
      workflowExecution: { workflowId: target.workflowId, runId: target.runId },
      reason: target.reason,
      details: { payloads: await encodeToPayloads(loadedDataConverter, record) },
    });
  } catch (error) {
    if (grpcCode(error) === GRPC_NOT_FOUND) throw new RunAlreadyClosedError(target.workflowId, target.runId);
    throw error;
  }
}

/** The error's message and its causes' ("Failed to query Workflow: 4 DEADLINE_EXCEEDED: …"). */
function describeError(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    messages.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return messages.join(': ');
}

/** The gRPC status code of an error or of its cause (the client wraps some in a ServiceError). */
function grpcCode(error: unknown): number | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (isGrpcServiceError(current)) return current.code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
