/**
 * Stops that end a completed feedback run without progress (stoppedBy, FeedbackRunResult): not a
 * successful run, for the last-success gauge and the stalled-organizer alert as for `status`.
 */
export const UNSUCCESSFUL_STOPS: ReadonlySet<string> = new Set(['halted', 'sync-error', 'not-started']);
