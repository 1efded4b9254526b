import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { TimeoutFailure } from '@temporalio/common';
import type { CheckOrganizerResult } from '../workflows';
import { checkOrganizerWorkflowId } from '../workflows/ids';
import { ORGANIZER_ID } from '../workflows/searchAttributes';

/** How long `schedule` waits for a worker to check the configuration. */
export const CHECK_TIMEOUT_MS = 20_000;

export type OrganizerCheck =
  | { checked: true; warnings: string[] }
  /** No worker answered on the task queue in time: nothing was checked (the runs will check). */
  | { checked: false; reason: string };

/**
 * Has a worker of the task queue read the organizer's settings as its runs will (src/workflows/
 * checkOrganizer.ts). Throws the WorkflowFailedError of a configuration that can never run (its
 * cause: the ConfigError naming the organizer and the field); answers `checked: false` when no
 * worker answered within CHECK_TIMEOUT_MS.
 */
export async function checkOrganizer(
  client: Client,
  organizerId: string,
  taskQueue: string,
): Promise<OrganizerCheck> {
  try {
    const result: CheckOrganizerResult = await client.workflow.execute('checkOrganizerWorkflow', {
      workflowId: checkOrganizerWorkflowId(organizerId, randomUUID()),
      taskQueue,
      args: [{ organizerId }],
      workflowExecutionTimeout: CHECK_TIMEOUT_MS,
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
    });
    return { checked: true, warnings: result.warnings };
  } catch (error) {
    if (error instanceof WorkflowFailedError && error.cause instanceof TimeoutFailure) {
      return {
        checked: false,
        reason: `no worker on task queue "${taskQueue}" answered within ${CHECK_TIMEOUT_MS / 1000} s`,
      };
    }
    throw error;
  }
}
