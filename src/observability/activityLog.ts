import { Context } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';

/** The activity's logger (the Runtime logger, with workflow and activity ids), or none outside an activity. */
export function activityLog(): Logger | undefined {
  try {
    return Context.current().log;
  } catch {
    return undefined;
  }
}
