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
  workflowInfo,
  type Sinks,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** How a run ended, as the sink receives it. */
export type RunEndOutcome = 'completed' | 'failed' | 'cancelled' | 'continued-as-new';

/** The sink the worker provides; the organizer is read from the workflow id on the worker side. */
export interface FeedbackMetricsSinks extends Sinks {
  feedbackMetrics: {
    /**
     * The run ended; `stoppedBy`: the result's `stoppedBy` when completed, else ""; `openRejections`:
     * how many rejected items the completed run's result holds open (-1 when it has no such list).
     */
    runEnded(outcome: RunEndOutcome, stoppedBy: string, openRejections: number): void;
    /** The code threw an error that is not a Temporal failure: the workflow task fails (and is retried). */
    workflowTaskFailed(): void;
    /** The workflow completed with `count` (> 0) warnings in its result (refused signals, unknown fields…). */
    warningsReported(count: number): void;
  };
}

const sinks = proxySinks<FeedbackMetricsSinks>();

/**
 * The sink, or nothing while replaying: the worker would drop those calls anyway, and a replayer
 * without this sink (test/replay) would log each as an unregistered sink.
 */
const feedbackMetrics: FeedbackMetricsSinks['feedbackMetrics'] = {
  runEnded: (...args) => {
    if (!workflowInfo().unsafe.isReplaying) sinks.feedbackMetrics.runEnded(...args);
  },
  workflowTaskFailed: () => {
    if (!workflowInfo().unsafe.isReplaying) sinks.feedbackMetrics.workflowTaskFailed();
  },
  warningsReported: (count) => {
    if (!workflowInfo().unsafe.isReplaying) sinks.feedbackMetrics.warningsReported(count);
  },
};

function reportCompleted(result: unknown): void {
  const { stoppedBy, openRejections, warnings } = (result ?? {}) as {
    stoppedBy?: unknown;
    openRejections?: unknown;
    warnings?: unknown;
  };
  if (Array.isArray(warnings) && warnings.length > 0) feedbackMetrics.warningsReported(warnings.length);
  feedbackMetrics.runEnded(
    'completed',
    typeof stoppedBy === 'string' ? stoppedBy : '',
    Array.isArray(openRejections) ? openRejections.length : -1,
  );
}

/** What a thrown error does to the run: fails it, cancels it, continues it, or fails the task. */
function reportThrown(error: unknown): void {
  if (error instanceof ContinueAsNew) feedbackMetrics.runEnded('continued-as-new', '', -1);
  else if (isCancellation(error)) feedbackMetrics.runEnded('cancelled', '', -1);
  else if (error instanceof TemporalFailure) feedbackMetrics.runEnded('failed', '', -1);
  else feedbackMetrics.workflowTaskFailed();
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        try {
          const result = await next(input);
          reportCompleted(result);
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
