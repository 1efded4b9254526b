/**
 * The open-transfers gauge and the series an organizer gets at 0 (issue 16 item 4), on the worker's
 * real registry; the Temporal count is a fake here (test/observability/grafanaDashboard.test.ts counts
 * for real on a Temporal server).
 */
import { createFeedbackMetrics } from '../../../src/observability/metrics';
import { openTransfersQuery, registerOpenTransfersGauge } from '../../../src/observability/openTransfers';

/** The value of one sample in Prometheus text format, undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

describe('tixngo_feedback_open_transfers', () => {
  it('counts the organizers the worker has seen, at most once per maxAgeMs', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    let clock = 0;
    const asked: string[] = [];
    const open: Record<string, number> = { a: 3, b: 0 };
    registerOpenTransfersGauge(
      metrics,
      async (organizer) => {
        asked.push(organizer);
        return open[organizer] ?? 0;
      },
      { maxAgeMs: 30_000, now: () => clock },
    );
    expect(
      sample(await metrics.registry.metrics(), 'tixngo_feedback_open_transfers', 'organizer="a"'),
    ).toBeUndefined();
    metrics.organizerSeen('a');
    metrics.organizerSeen('b');
    clock = 30_000;
    let text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_open_transfers', 'organizer="a"')).toBe(3);
    expect(sample(text, 'tixngo_feedback_open_transfers', 'organizer="b"')).toBe(0);
    open.a = 2;
    clock = 59_999;
    text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_open_transfers', 'organizer="a"')).toBe(3);
    expect(asked.sort()).toEqual(['a', 'b']);
    clock = 60_000;
    text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_open_transfers', 'organizer="a"')).toBe(2);
  });

  it('leaves an organizer whose count failed without a value, and /metrics still answers', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    let failing = false;
    registerOpenTransfersGauge(
      metrics,
      async () => {
        if (failing) throw new Error('visibility unavailable');
        return 1;
      },
      { maxAgeMs: 0 },
    );
    metrics.organizerSeen('a');
    expect(sample(await metrics.registry.metrics(), 'tixngo_feedback_open_transfers', 'organizer="a"')).toBe(
      1,
    );
    failing = true;
    const text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_open_transfers', 'organizer="a"')).toBeUndefined();
    expect(sample(text, 'tixngo_feedback_runs_total', 'organizer="a",outcome="failed",stopped_by=""')).toBe(
      0,
    );
  });

  it('queries Temporal visibility for running transfer workflows of a valid organizer id only', () => {
    expect(openTransfersQuery('acme-events')).toBe(
      'WorkflowType = "transferWorkflow" AND ExecutionStatus = "Running" AND OrganizerId = "acme-events"',
    );
    expect(() => openTransfersQuery('a" OR OrganizerId != "')).toThrow();
  });
});

describe('an organizer seen by the worker', () => {
  it('has its counters and lag histogram at 0, and a later sight resets nothing', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    metrics.organizerSeen('a');
    let text = await metrics.registry.metrics();
    for (const outcome of ['applied', 'unchanged', 'skipped', 'rejected'])
      expect(sample(text, 'tixngo_feedback_items_total', `organizer="a",outcome="${outcome}"`)).toBe(0);
    for (const status of ['PENDING_TRANSFER', 'TRANSFERRED', 'FAILURE_TRANSFER', 'FAILURE'])
      expect(sample(text, 'tixngo_feedback_transfer_steps_total', `organizer="a",status="${status}"`)).toBe(
        0,
      );
    expect(sample(text, 'tixngo_feedback_pages_total', 'organizer="a",source="tixngo"')).toBe(0);
    expect(sample(text, 'tixngo_feedback_lag_seconds_count', 'organizer="a"')).toBe(0);

    metrics.ticketsWritten('a', ['2026-12-01T08:00:00.000Z'], new Date('2026-12-01T08:00:10.000Z'));
    metrics.organizerSeen('a');
    text = await metrics.registry.metrics();
    expect(sample(text, 'tixngo_feedback_lag_seconds_count', 'organizer="a"')).toBe(1);
    expect(metrics.organizers()).toEqual(['a']);
    metrics.organizerSeen('');
    expect(metrics.organizers()).toEqual(['a']);
  });
});
