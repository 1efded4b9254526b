/**
 * The benchmark harness end to end on a tiny volume: it completes and counts right. No timing is
 * asserted here (benchmarks measure speed; BENCHMARKS.md holds the figures).
 */
import { runBench, volumeFor } from '../../bench/harness';
import { testEnv } from '../support/env';

describe('the benchmark harness', () => {
  it('drains a small volume through Temporal and through the bare loop, and measures freshness', async () => {
    const result = await runBench({
      sizes: [200],
      transferShare: 0.1,
      cadenceMs: 1000,
      freshnessSeconds: 2,
      freshnessRate: 20,
      batchSize: 50,
      pageBudget: 50,
      tuning: {},
      bareConcurrency: 4,
      bare: true,
      databaseUrl: testEnv('DATABASE_URL'),
      temporalAddress: testEnv('TEMPORAL_ADDRESS'),
      workflowBundlePath: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
      seed: 3,
      floorChildren: 4,
      phaseTimeoutMs: 90_000,
      organizers: {
        count: 3,
        seconds: 3,
        cadenceMs: 1000,
        idleSeconds: 2,
        ticketsPerBatch: 2,
        batchEverySeconds: 2,
        transferShare: 0.5,
        faulty: true,
        drainTimeoutMs: 60_000,
      },
      log: () => undefined,
    });
    const { tickets, transferShare } = volumeFor(200, 0.1);
    const transfers = Math.round(tickets * transferShare);
    expect(tickets + 2 * transfers).toBe(200);
    const [run] = result.runs;
    expect(run?.temporal).toMatchObject({ items: 200, tickets, transfers });
    expect(run?.temporal.checks).toEqual({ ticketsInS360: tickets, linesSettled: transfers });
    expect(run?.bare?.checks).toEqual({ ticketsInS360: tickets, linesSettled: transfers });
    // The S-360 invariants (issue 14) are counted after each path.
    expect(run?.temporal.violations).toEqual(expect.any(Number));
    expect(run?.bare?.violations).toEqual(expect.any(Number));
    expect(result.freshness?.visible).toBe(result.freshness?.sampled);
    expect(result.workerPeakRssMb).toBeGreaterThan(0);

    // Issue 17 item 5: the histories of the throughput phase, counted (counts only).
    const history = run?.temporal.history;
    expect(history).toMatchObject({ changes: 200, transfers, stillOpen: 0 });
    const runs = run?.temporal.runs ?? 0;
    // One feedbackWorkflow per run; one transferWorkflow per transfer.
    expect(history?.byWorkflowType.feedbackWorkflow?.executions).toBe(runs);
    expect(history?.byWorkflowType.transferWorkflow?.executions).toBe(transfers);
    // The hand-off activity starts each transfer workflow with the worker's client (1 action each):
    // no hand-off workflow, no child workflow.
    expect(history?.byWorkflowType.startTransfersWorkflow).toBeUndefined();
    expect(history?.actions.workflowStarted).toBe(runs + transfers);
    expect(history?.actions.childWorkflowStarted).toBe(0);
    expect(history?.executions).toBe(runs + transfers);
    const total = Object.entries(history?.actions ?? {})
      .filter(([kind]) => kind !== 'total')
      .reduce((sum, [, n]) => sum + n, 0);
    expect(history?.actions.total).toBe(total);
    expect(history?.events).toBeGreaterThan(history?.transactions ?? Infinity);
    expect(history?.per1000Changes.actions).toBeGreaterThan(0);
    expect(history?.perTransfer.actions).toBeGreaterThan(0);

    // Issue 17 item 4: organizers on a cron, one of them with a TIXNGO that times out (counts only).
    const organizers = result.organizers;
    expect(organizers?.organizers).toBe(3);
    expect(organizers?.changes.ticketsInS360).toBe(organizers?.expectedTickets);
    expect(organizers?.expectedTickets).toBeGreaterThan(0);
    expect(organizers?.runs.failed).toBe(0);
    expect(organizers?.runs.idle).toBeGreaterThan(0);
    expect(organizers?.lateness.runs).toBeGreaterThan(0);
    expect(organizers?.faulty?.tixngoTimeouts).toBeGreaterThan(0);
    expect(organizers?.idleRun.actions).toBeGreaterThan(0);
    // Issue 17: the floor's open-wait-close children on the same server, and what the worker did.
    expect(result.floor).toMatchObject({ variant: 'wait-local', children: 4 });
    // Each size has its floor; on a given server (TEMPORAL_ADDRESS) every phase shares it.
    expect(run?.floor).toEqual(result.floor);
    expect(run?.server).toBe('shared');
    expect(run?.floorRatio).toEqual(expect.any(Number));
    expect(run?.temporal.workflowTasksByType?.transferWorkflow).toBeGreaterThanOrEqual(transfers);
    expect(run?.temporal.workerCounts?.workflowTasks).toBeGreaterThan(0);
  }, 300_000);
});
