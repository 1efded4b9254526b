import type { Client } from '@temporalio/client';
import { completedFeedbackRuns } from './runResults';
import type { FeedbackRunResult } from '../workflows';

/** One line a person reads for one finished run. */
export function formatRunSummary(result: FeedbackRunResult, closedAt?: Date): string {
  const time = (closedAt ?? new Date()).toISOString().slice(11, 19);
  const rejected = result.rejected > 0 ? `, ${result.rejected} rejected` : '';
  const stop =
    result.stoppedBy === 'drained'
      ? 'drained'
      : result.stoppedBy === 'halted'
        ? `HALTED before the key moved: ${result.halt ?? 'see the run result'}`
        : 'page budget reached, next run goes on';
  return (
    `${time} ${result.organizerId}: ${result.pages} page(s), ${result.items} item(s), ${result.applied} applied, ` +
    `${result.unchanged} unchanged${rejected}; ${stop}`
  );
}

/** Calls `onRun` once for each completed run of the organizer's cron workflow, in order, until stopped. */
export function followRuns(
  client: Client,
  organizerId: string,
  onRun: (result: FeedbackRunResult, closedAt?: Date) => void,
  intervalMs = 2000,
): { stop(): void } {
  const seen = new Set<string>();
  let stopped = false;
  const poll = async (): Promise<void> => {
    for (const run of await completedFeedbackRuns(client, organizerId)) {
      if (seen.has(run.runId)) continue;
      seen.add(run.runId);
      if (!stopped) onRun(run.result, run.closedAt);
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await poll().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  void loop();
  return { stop: () => void (stopped = true) };
}
