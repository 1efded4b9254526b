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
    // Issue 17: the floor's open-wait-close children on the same server, and what the worker did.
    expect(result.floor).toMatchObject({ variant: 'wait-local', children: 4 });
    expect(run?.floorRatio).toEqual(expect.any(Number));
    expect(run?.temporal.workerCounts?.workflowTasks).toBeGreaterThan(0);
  }, 180_000);
});
