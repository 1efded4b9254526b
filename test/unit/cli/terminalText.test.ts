/**
 * Text from TIXNGO or an operator (ticket ids, tax numbers, keys, warnings, failure messages) never
 * reaches the terminal raw: a control character (ESC, CR, NUL, C1 CSI, a bidi override) is printed
 * escaped, so it cannot erase or hide a line.
 */
import type { CarriedState } from '../../../src/client/carriedState';
import type { OrganizerStatus } from '../../../src/client/organizerStatus';
import { formatRunEvent } from '../../../src/client/runSummaries';
import { describeError } from '../../../src/cli/describeError';
import { formatImport, formatRun, formatStatus } from '../../../src/cli/format';
import { formatUnschedule } from '../../../src/cli/formatCarried';
import { terminalText } from '../../../src/domain/terminalText';
import type { FeedbackRunResult } from '../../../src/workflows';

const HOSTILE = '\u001b[2K\r    open rejections: none \u001b[8m\u0000\u009b2J\u202e';
/** Any control character but the line feed the formatter joins its lines with. */
// eslint-disable-next-line no-control-regex -- the test looks for control characters
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const rejection = {
  index: 0,
  ticketId: HOSTILE,
  path: HOSTILE,
  reason: HOSTILE,
  firstSeenAt: HOSTILE,
};
const result: FeedbackRunResult = {
  organizerId: 'org-a',
  paginationKey: HOSTILE,
  skipTickets: [`id:${HOSTILE}`, HOSTILE],
  pages: 1,
  items: 1,
  applied: 0,
  unchanged: 0,
  superseded: 0,
  skipped: 0,
  rejected: 1,
  heldBack: 0,
  transfers: 0,
  stoppedBy: 'sync-error',
  syncError: { index: 0, ticketId: HOSTILE, path: HOSTILE, reason: HOSTILE },
  halt: HOSTILE,
  openRejections: [rejection],
  droppedRejections: 0,
  warnings: [HOSTILE],
};

describe('terminalText', () => {
  it('escapes control characters as \\uXXXX and keeps every other character', () => {
    expect(terminalText('T-1 é 漢 🎫')).toBe('T-1 é 漢 🎫');
    expect(terminalText('a\u001b[8mb\u0000\u009b\n')).toBe('a\\u001b[8mb\\u0000\\u009b\\u000a');
  });
});

describe('no text from outside reaches the terminal raw', () => {
  it('run-once (formatRun) and the demo’s run lines', () => {
    expect(formatRun(result)).not.toMatch(RAW_CONTROL);
    expect(formatRun(result)).toContain('\\u001b[2K\\u000d');
    expect(formatRun(result).split('\n').length).toBe(
      formatRun({ ...result, ...clean() }).split('\n').length,
    );
    expect(formatRunEvent('org-a', { kind: 'completed', runId: 'r', result })).not.toMatch(RAW_CONTROL);
    expect(
      formatRunEvent('org-a', { kind: 'not-completed', runId: 'r', outcome: 'failed', reason: HOSTILE }),
    ).not.toMatch(RAW_CONTROL);
    expect(
      formatRunEvent('org-a', {
        kind: 'stuck',
        runId: 'r',
        what: 'workflow task',
        attempt: 3,
        lastFailure: HOSTILE,
      }),
    ).not.toMatch(RAW_CONTROL);
  });

  it('status (formatStatus), with its current run’s warnings and failures', () => {
    const status: OrganizerStatus = {
      organizerId: 'org-a',
      workflowId: 'tixngo-feedback:org-a',
      executionStatus: 'RUNNING',
      cronSchedule: HOSTILE,
      firesAt: new Date(0),
      state: {
        organizerId: 'org-a',
        phase: 'processing',
        skipTickets: [HOSTILE],
        warnings: [HOSTILE],
        progress: { pages: 0, items: 0, applied: 0, unchanged: 0, superseded: 0, skipped: 0, rejected: 0 },
      } as unknown as OrganizerStatus['state'],
      current: {
        workflowTask: { attempt: 3, cause: HOSTILE, failure: HOSTILE },
        pendingActivities: [{ activityType: HOSTILE, state: 'SCHEDULED', attempt: 3, lastFailure: HOSTILE }],
      },
      stateProblem: HOSTILE,
      lastClosedRun: { runId: 'r', outcome: 'failed', reason: HOSTILE },
      lastRun: { runId: 'r', result },
      failedTransfers: {
        count: 7,
        newest: [{ workflowId: 'w', runId: 'r', ticketId: HOSTILE, outcome: 'failed', reason: HOSTILE }],
      },
    } as OrganizerStatus;
    expect(formatStatus(status)).not.toMatch(RAW_CONTROL);
    expect(formatStatus(status)).toMatch(/^failed transfer workflows: 7 \(the newest 1:\)$/m);
  });

  it('import, unschedule and errors', () => {
    const summary = {
      organizerId: 'org-a',
      source: HOSTILE,
      parts: 1,
      items: 1,
      applied: 0,
      unchanged: 0,
      superseded: 0,
      skipped: 0,
      transfers: 0,
      rejected: [rejection],
    } as unknown as Parameters<typeof formatImport>[0];
    expect(formatImport(summary)).not.toMatch(RAW_CONTROL);
    const carried: CarriedState = {
      input: { organizerId: 'org-a', paginationKey: HOSTILE, skipTickets: [HOSTILE], openRejections: [] },
      keySource: 'finished-run',
      signalsApplied: 0,
      signalsIgnored: 0,
      warnings: [],
    };
    expect(
      formatUnschedule({
        organizerId: 'org-a',
        runId: 'r',
        carried,
        progress: 'unanswered',
        progressProblem: HOSTILE,
      }),
    ).not.toMatch(RAW_CONTROL);
    expect(describeError(new Error(HOSTILE, { cause: new Error(`because ${HOSTILE}`) }))).not.toMatch(
      RAW_CONTROL,
    );
  });
});

function clean(): Partial<FeedbackRunResult> {
  return {
    paginationKey: 'k',
    skipTickets: ['id:T-1', '1'],
    syncError: { index: 0, ticketId: 'T', path: 'p', reason: 'r' },
    halt: 'h',
    openRejections: [{ ...rejection, ticketId: 'T', path: 'p', reason: 'r', firstSeenAt: 'f' }],
    warnings: ['w'],
  };
}
