import { log } from '@temporalio/workflow';

/** At most this many warnings are listed in a run's result and state; the rest are counted. */
export const MAX_RUN_WARNINGS = 100;

/**
 * A run's warnings (issue 13: every bad input ends visible): listed in the run's result and `state`
 * query, bounded, and each written to the worker log (a workflow `log.warn` reaches the worker's
 * JSON logger through the Runtime logger, with the workflow's id and run id; replays do not log).
 */
export class RunWarnings {
  private unlisted = 0;

  /** `list` is the run's own warnings array (its result's `warnings`), appended to in place. */
  constructor(private readonly list: string[]) {}

  /** Lists and logs one warning; `fields` go to the log only (ids, counts; no personal data). */
  add(warning: string, fields: Record<string, unknown> = {}): void {
    log.warn(warning, fields);
    if (this.list.length < MAX_RUN_WARNINGS - 1) {
      this.list.push(warning);
      return;
    }
    this.unlisted += 1;
    this.list[MAX_RUN_WARNINGS - 1] =
      this.unlisted === 1 ? warning : `${this.unlisted} more warnings, not listed here (see the worker log)`;
  }
}
