import { proxyActivities } from '@temporalio/workflow';
import type { FeedbackActivities } from '../activities';
import { surfacingFailures } from './surfaceFailure';

const { loadRunSettings } = proxyActivities<FeedbackActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});

export interface CheckOrganizerResult {
  /** What the run would report as warnings (unknown custom parameters…). */
  warnings: string[];
}

/**
 * What `schedule` asks a worker before it starts a schedule (issue 15 item 1): the organizer's
 * settings read as every run reads them (the same activity, the worker's own file), so a
 * configuration that can never run (an organizer the file does not have, `TIXNGO_LIFECYCLE_MODE=history`,
 * a bad field) is refused at once. Fails with the ConfigError; the worker keeps its own check at
 * each run, since the file may change after scheduling.
 */
export async function checkOrganizerWorkflow(input: { organizerId: string }): Promise<CheckOrganizerResult> {
  const settings = await surfacingFailures(() => loadRunSettings({ organizerId: input.organizerId }));
  return { warnings: settings.warnings };
}
