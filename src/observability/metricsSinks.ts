/**
 * The worker side of the workflow metrics (src/observability/workflowInterceptors.ts): the
 * `feedbackMetrics` sink and the activity interceptor that counts failed attempts, both feeding
 * FeedbackMetrics with the organizer read from the workflow id (labels: organizer ids, types and
 * outcomes only — never a ticket or a person). Issue 15 item 4.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory, InjectedSinks, WorkerOptions } from '@temporalio/worker';
import { cronIntervalSeconds } from './cronInterval';
import type { FeedbackMetrics } from './metrics';
import { organizerOfWorkflowId } from './workflowIds';
import type { FeedbackMetricsSinks } from './workflowInterceptors';

/** The workflow interceptor module, for Worker.create `interceptors.workflowModules` and the bundler. */
export const WORKFLOW_INTERCEPTORS_PATH = require.resolve('./workflowInterceptors');

/** Workflow type of the organizer's cron runs: the only one counted in runs_total and last success. */
const FEEDBACK_WORKFLOW_TYPE = 'feedbackWorkflow';
/** Workflow type of one ticket transfer: a failed one is counted in transfers_failed_total. */
const TRANSFER_WORKFLOW_TYPE = 'transferWorkflow';

/** Organizer label of a workflow id ("" for an id of another shape). */
const organizerOf = (workflowId: string): string => organizerOfWorkflowId(workflowId) ?? '';

/** The sinks to give Worker.create (`sinks`): never called on replay. */
export function feedbackMetricsSinks(
  metrics: FeedbackMetrics,
  now: () => Date = () => new Date(),
): InjectedSinks<FeedbackMetricsSinks> {
  return {
    feedbackMetrics: {
      runEnded: {
        fn(info, outcome, stoppedBy, openRejections) {
          if (info.workflowType === TRANSFER_WORKFLOW_TYPE && outcome === 'failed') {
            metrics.transferFailed(organizerOf(info.workflowId));
            return;
          }
          if (info.workflowType !== FEEDBACK_WORKFLOW_TYPE) return;
          if (outcome !== 'completed' && outcome !== 'failed') return;
          const at = now();
          metrics.runEnded({
            organizerId: organizerOf(info.workflowId),
            outcome,
            stoppedBy: outcome === 'completed' ? stoppedBy : '',
            openRejections: outcome === 'completed' && openRejections >= 0 ? openRejections : undefined,
            at,
            intervalSeconds: info.cronSchedule ? cronIntervalSeconds(info.cronSchedule, at) : undefined,
          });
        },
        callDuringReplay: false,
      },
      workflowTaskFailed: {
        fn(info) {
          metrics.workflowTaskFailed(organizerOf(info.workflowId), info.workflowType);
        },
        callDuringReplay: false,
      },
      warningsReported: {
        fn(info, count) {
          metrics.warningsReported(organizerOf(info.workflowId), info.workflowType, count);
        },
        callDuringReplay: false,
      },
    },
  };
}

/** The failure type label of what an activity threw: the ApplicationFailure's type, else the error's name. */
export function failureTypeOf(error: unknown): string {
  if (error instanceof CancelledFailure) return 'Cancelled';
  if (error instanceof ApplicationFailure) return error.type ?? 'ApplicationFailure';
  return error instanceof Error ? error.name : 'unknown';
}

/** Counts every failed activity attempt (Worker.create `interceptors.activity`). */
export function activityFailureInterceptor(metrics: FeedbackMetrics): ActivityInterceptorsFactory {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        metrics.organizerSeen(organizerOf(context.info.workflowExecution?.workflowId ?? ''));
        try {
          return await next(input);
        } catch (error) {
          const { activityType, workflowExecution } = context.info;
          metrics.activityAttemptFailed(
            organizerOf(workflowExecution?.workflowId ?? ''),
            activityType,
            failureTypeOf(error),
          );
          throw error;
        }
      },
    },
  });
}

/**
 * What Worker.create needs for these metrics: the activity interceptor, the workflow interceptor
 * module (used when the worker bundles; a pre-built bundle has it from src/workflowBundle.ts) and the sink.
 */
export function metricsWorkerOptions(
  metrics: FeedbackMetrics,
  workflows: { prebuiltBundle: boolean } = { prebuiltBundle: false },
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      activity: [activityFailureInterceptor(metrics)],
      // A prebuilt bundle carries the workflow interceptors already (src/workflowBundle.ts); naming
      // them again only makes the SDK warn that it ignores them.
      ...(workflows.prebuiltBundle ? {} : { workflowModules: [WORKFLOW_INTERCEPTORS_PATH] }),
    },
    sinks: feedbackMetricsSinks(metrics),
  };
}
