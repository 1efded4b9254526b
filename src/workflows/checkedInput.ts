import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';

/** The failure type of a workflow started with an input of another shape (never retried). */
export const INVALID_INPUT_FAILURE_TYPE = 'InvalidWorkflowInput';

/**
 * A workflow's input, checked at its start (issue 13): an input of another shape fails the run at
 * once with a non-retryable failure naming the field, instead of a workflow task that fails again
 * and again. Pure (usable outside a workflow too).
 */
export function checkedWorkflowInput<T>(workflow: string, schema: z.ZodType<T>, input: unknown): T {
  const checked = schema.safeParse(input);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const field = issue && issue.path.length > 0 ? `field "${issue.path.join('.')}"` : 'the input itself';
  throw ApplicationFailure.create({
    message:
      `Invalid input of the ${workflow} workflow, ${field}: ${issue?.message ?? 'unexpected shape'}. ` +
      'Nothing was applied; start it again with a valid input (the command line builds one).',
    type: INVALID_INPUT_FAILURE_TYPE,
    nonRetryable: true,
  });
}
