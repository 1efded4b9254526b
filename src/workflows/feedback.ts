import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { FeedbackActivities, PageSummary } from '../activities';
import type { RejectedItem } from '../domain/diffItem';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';

const { processDiffPage } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

export interface FeedbackWorkflowInput {
  organizerId: string;
  /** Operator override of the first run's key; later runs take the previous run's result. */
  paginationKey?: string;
  /** Pages per run before the run hands over to the next cron run (keeps history small). */
  pageBudget?: number;
}

/** The result of one run, read by the next cron run and shown in the Temporal UI. */
export interface FeedbackRunResult {
  organizerId: string;
  paginationKey?: string;
  pages: number;
  items: number;
  applied: number;
  unchanged: number;
  rejected: number;
  /** The first rejected items of this run, with their reasons. */
  rejectedItems: RejectedItem[];
  stoppedBy: 'drained' | 'page-budget';
}

const DEFAULT_PAGE_BUDGET = 100;
const MAX_REJECTED_IN_RESULT = 50;

function previousKey(input: FeedbackWorkflowInput): string | undefined {
  const last = workflowInfo().lastResult as Partial<FeedbackRunResult> | undefined;
  return last?.paginationKey ?? input.paginationKey;
}

/** One run of an organizer's feedback: drains TIXNGO's diff page by page into S-360. */
export async function feedbackWorkflow(input: FeedbackWorkflowInput): Promise<FeedbackRunResult> {
  const budget = input.pageBudget ?? DEFAULT_PAGE_BUDGET;
  const result: FeedbackRunResult = {
    organizerId: input.organizerId,
    paginationKey: previousKey(input),
    pages: 0,
    items: 0,
    applied: 0,
    unchanged: 0,
    rejected: 0,
    rejectedItems: [],
    stoppedBy: 'page-budget',
  };
  while (result.pages < budget) {
    const page: PageSummary = await processDiffPage({
      organizerId: input.organizerId,
      paginationKey: result.paginationKey,
    });
    result.pages += 1;
    result.items += page.items;
    result.applied += page.applied;
    result.unchanged += page.unchanged;
    result.rejected += page.rejected.length;
    result.rejectedItems.push(
      ...page.rejected.slice(0, MAX_REJECTED_IN_RESULT - result.rejectedItems.length),
    );
    result.paginationKey = page.nextPaginationKey;
    if (page.drained) {
      result.stoppedBy = 'drained';
      break;
    }
  }
  return result;
}
