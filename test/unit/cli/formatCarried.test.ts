import type { CarriedState } from '../../../src/client/carriedState';
import { formatCarried, formatUnschedule } from '../../../src/cli/formatCarried';

const carried = (overrides: Partial<CarriedState> = {}): CarriedState => ({
  input: { organizerId: 'org-a', paginationKey: 'k-7', skipTickets: ['id:T-1', '1002'], openRejections: [] },
  keySource: 'finished-run',
  signalsApplied: 0,
  signalsIgnored: 0,
  warnings: [],
  ...overrides,
});

describe('what unschedule says it kept', () => {
  it('names the skip list, the key and where the key comes from', () => {
    expect(formatCarried(carried())).toBe(
      'kept skip list of 2 entries (id:T-1, 1002), pagination key "k-7" (of the last finished run), 0 open rejections',
    );
    expect(formatCarried(carried({ keySource: 'failed-run' }))).toContain(
      'pagination key "k-7" (carried by the failed run)',
    );
    expect(formatCarried(carried({ keySource: 'run-progress', progressPages: 3 }))).toContain(
      'pagination key "k-7" (where the stopped run had got to, 3 pages past its starting key)',
    );
    expect(
      formatCarried(
        carried({ input: { organizerId: 'org-a', skipTickets: [], openRejections: [] }, keySource: 'none' }),
      ),
    ).toBe(
      "kept skip list of 0 entries, no pagination key (the organizer never ran: the next run reads from TIXNGO's start), 0 open rejections",
    );
  });

  it('tells when signals of the stopped run were kept, and when its progress could not be read', () => {
    const text = formatUnschedule({
      organizerId: 'org-a',
      runId: 'run-1',
      progress: 'unanswered',
      progressProblem: 'Failed to query Workflow: 4 DEADLINE_EXCEEDED',
      carried: carried({ keySource: 'run-start', signalsApplied: 2, signalsIgnored: 1 }),
    });
    expect(text.split('\n')).toEqual([
      'Unscheduled organizer "org-a" (stopped run run-1).',
      expect.stringContaining('pagination key "k-7" (the key the stopped run started from)'),
      'This includes 2 skip / unskip / resolve signals the stopped run had received but not yet saved in a result.',
      expect.stringMatching(
        /^note: the stopped run did not answer its state query \(Failed to query Workflow: 4 DEADLINE_EXCEEDED; is a worker running\?\)/,
      ),
      expect.stringMatching(/^warning: 1 signal to the stopped run refused in whole or in part/),
    ]);
  });

  it('lists what the workflow said of the stopped run’s signals, in its words, control characters escaped', () => {
    const warnings = Array.from(
      { length: 22 },
      (_, index) => `signal "unskipTickets": "id:X-${index}\u001b" is not listed.`,
    );
    const text = formatUnschedule({
      organizerId: 'org-a',
      runId: 'run-1',
      progress: 'read',
      carried: carried({ keySource: 'run-progress', signalsApplied: 22, warnings }),
    });
    const lines = text.split('\n');
    expect(lines.slice(3, 5)).toEqual([
      "The stopped run's warnings:",
      '  warning: signal "unskipTickets": "id:X-0\\u001b" is not listed.',
    ]);
    expect(lines.at(-1)).toBe('  (2 more)');
  });
});
