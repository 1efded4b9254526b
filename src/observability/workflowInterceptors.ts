/**
 * Workflow interceptors (run in the workflow sandbox: only `@temporalio/workflow`, no Node, no I/O):
 * report how each workflow run ends to the worker's metrics through the `feedbackMetrics` sink
 * (src/observability/metricsSinks.ts), so workflow code stays free of metrics (issue 15 item 4).
 * Bundled with the workflows (src/workflowBundle.ts). Sink calls are not part of history and are not
 * made on replay: a recorded history replays with the same commands.
 */
import {
  ContinueAsNew,
  TemporalFailure,
  isCancellation,
  proxySinks,
  type Sinks,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** How a run ended, as the sink receives it. */
export type RunEndOutcome = 'completed' | 'failed' | 'cancelled' | 'continued-as-new';

/** The sink the worker provides; the organizer is read from the workflow id on the worker side. */
export interface FeedbackMetricsSinks extends Sinks {
  feedbackMetrics: {
    /** The run ended; `stoppedBy`: the result's `stoppedBy` when completed, else "". */
    runEnded(outcome: RunEndOutcome, stoppedBy: string): void;
    /** The code threw an error that is not a Temporal failure: the workflow task fails (and is retried). */
    workflowTaskFailed(): void;
  };
}

const { feedbackMetrics } = proxySinks<FeedbackMetricsSinks>();

function stopOf(result: unknown): string {
  const stoppedBy = (result as { stoppedBy?: unknown } | undefined)?.stoppedBy;
  return typeof stoppedBy === 'string' ? stoppedBy : '';
}

/** What a thrown error does to the run: fails it, cancels it, continues it, or fails the task. */
function reportThrown(error: unknown): void {
  if (error instanceof ContinueAsNew) feedbackMetrics.runEnded('continued-as-new', '');
  else if (isCancellation(error)) feedbackMetrics.runEnded('cancelled', '');
  else if (error instanceof TemporalFailure) feedbackMetrics.runEnded('failed', '');
  else feedbackMetrics.workflowTaskFailed();
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        try {
          const result = await next(input);
          feedbackMetrics.runEnded('completed', stopOf(result));
          return result;
        } catch (error) {
          reportThrown(error);
          throw error;
        }
      },
      async handleSignal(input, next) {
        try {
          return await next(input);
        } catch (error) {
          if (!(error instanceof TemporalFailure)) feedbackMetrics.workflowTaskFailed();
          throw error;
        }
      },
    },
  ],
});
