/** The health lines of `status` (issue 15 item 3), from a status object: pure. */
import type { OrganizerStatus } from '../../../src/client/organizerStatus';
import { formatStatus } from '../../../src/cli/format';

const NOW = new Date('2026-12-01T08:15:00.000Z');
const base: OrganizerStatus = {
  organizerId: 'acme-events',
  workflowId: 'tixngo-feedback:acme-events',
  executionStatus: 'RUNNING',
  runId: 'run-2',
  startedAt: new Date('2026-12-01T07:59:59.000Z'),
  firesAt: new Date('2026-12-01T08:00:00.000Z'),
};

describe('formatStatus health lines', () => {
  it('says how many whole seconds ago the last successful run closed', () => {
    const text = formatStatus({ ...base, lastSuccessAt: new Date(NOW.getTime() - 42_400) }, NOW);
    expect(text).toContain('last successful run 42 s ago (2026-12-01T08:14:17.600Z)');
  });

  it('a scheduled organizer with no completed run: "no successful run yet"; a never scheduled one: no such line', () => {
    expect(formatStatus(base, NOW)).toContain('no successful run yet');
    const never = formatStatus({ organizerId: 'acme-events', workflowId: base.workflowId }, NOW);
    expect(never).toContain('never scheduled');
    expect(never).not.toContain('successful');
  });

  it('a run waiting for its fire time, a failing workflow task, a retried activity, a failed last run', () => {
    const text = formatStatus(
      {
        ...base,
        current: {
          waitingUntil: new Date('2026-12-01T09:00:00.000Z'),
          workflowTask: { attempt: 7, cause: 'WORKFLOW_WORKER_UNHANDLED_FAILURE', failure: 'boom [Bug]' },
          pendingActivities: [
            {
              activityType: 'processDiffPage',
              state: 'SCHEDULED',
              attempt: 3,
              lastFailure: 'TIXNGO answered 503',
              nextAttemptAt: new Date('2026-12-01T08:15:04.000Z'),
            },
          ],
        },
        lastClosedRun: {
          runId: 'run-1',
          closedAt: new Date('2026-12-01T08:00:00.000Z'),
          outcome: 'failed',
          reason: 'refused [RequestRefused]',
        },
      },
      NOW,
    );
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'current run: waiting for its next run at 2026-12-01T09:00:00.000Z',
        'current run: workflow task FAILING (attempt 7, WORKFLOW_WORKER_UNHANDLED_FAILURE): boom [Bug]',
        'current run: activity processDiffPage: attempt 3, scheduled, next attempt at 2026-12-01T08:15:04.000Z',
        '  last failure: TIXNGO answered 503',
        'last run FAILED (closed 2026-12-01T08:00:00.000Z): refused [RequestRefused]',
      ]),
    );
  });

  it('a completed last run adds no "last run" line', () => {
    const text = formatStatus(
      { ...base, lastClosedRun: { runId: 'run-1', outcome: 'completed', closedAt: NOW } },
      NOW,
    );
    expect(text).not.toMatch(/last run (FAILED|COMPLETED)/);
  });

  it('the scheduled line: a run waiting for its fire time is not "running"; a started run gives its fire time', () => {
    const cron = { ...base, cronSchedule: '*/5 * * * *' };
    const waiting = formatStatus(
      { ...cron, current: { waitingUntil: new Date('2026-12-01T08:15:10.000Z'), pendingActivities: [] } },
      NOW,
    );
    expect(waiting.split('\n')[1]).toBe(
      'scheduled "*/5 * * * *" (the next run fires at 2026-12-01T08:15:10.000Z)',
    );
    // Said once: no "current run: waiting …" line repeats the fire time.
    expect(waiting.split('2026-12-01T08:15:10.000Z')).toHaveLength(2);
    const started = formatStatus({ ...cron, current: { pendingActivities: [] } }, NOW);
    expect(started.split('\n')[1]).toBe(
      'scheduled "*/5 * * * *" (the current run fired at 2026-12-01T08:00:00.000Z)',
    );
  });

  it('a run waiting for its fire time: the signals it received, the live skip list they make and their warnings', () => {
    const text = formatStatus(
      {
        ...base,
        cronSchedule: '@every 1h',
        current: { waitingUntil: new Date('2026-12-01T09:00:00.000Z'), pendingActivities: [] },
        receivedSignals: {
          count: 2,
          skipTickets: Array.from({ length: 12 }, (_, index) => `id:S-${index}`),
          openRejections: 1,
          warnings: ['signal "unskipTickets": "id:X\u001b[2J" is not in the live skip list.'],
        },
      },
      NOW,
    );
    expect(text).toContain(
      'current run: 2 signals received before it runs: live skip list of 12 entries (id:S-0, id:S-1, id:S-2, ' +
        'id:S-3, id:S-4, id:S-5, id:S-6, id:S-7, id:S-8, id:S-9, …), 1 open rejection; 1 warning(s):\n' +
        '  warning: signal "unskipTickets": "id:X\\u001b[2J" is not in the live skip list.',
    );
    const unreadable = formatStatus({ ...base, receivedSignalsProblem: 'Cannot carry on from run r' }, NOW);
    expect(unreadable).toContain('current run: signals received unknown (Cannot carry on from run r)');
  });

  it('a running execution without a cron schedule (run-once, import) is not "scheduled"', () => {
    const once = formatStatus({ ...base, current: { pendingActivities: [] } }, NOW);
    expect(once.split('\n')[1]).toBe('running once, not scheduled (started at 2026-12-01T07:59:59.000Z)');
  });
});
