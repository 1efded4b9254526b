/**
 * Issue 15 item 5: the demo shows failures too. The demo stack as `npm start` starts it (real
 * Temporal dev server, simulators, worker, cron schedule); TIXNGO is made to fail on purpose through
 * its simulator's fault control. A run whose page activity is retried again and again prints a
 * STUCK line once; a run that fails prints a FAILED line with its decoded reason; every finished
 * run's line names its counts and they add up.
 */
import os from 'node:os';
import path from 'node:path';
import { currentRunHealth } from '../../src/client/runHealth';
import { STUCK_ATTEMPTS } from '../../src/client/runFollower';
import { codecSettingFromEnv } from '../../src/codec/keys';
import { startDemoStack, type DemoStack } from '../../src/demo/demoStack';
import { eventually, testEnv, uniqueSuffix } from '../support/env';
import { parseItemCounts, sumOfTerms } from '../support/itemCounts';

describe('npm start: the demo prints failed and stuck runs', () => {
  let stack: DemoStack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it('a stuck run once, a failed run with its reason, and run lines that add up', async () => {
    const organizerId = `demo-fail-${uniqueSuffix()}`;
    const lines: string[] = [];
    stack = await startDemoStack({
      temporalCli: testEnv('TEMPORAL_CLI'),
      codec: codecSettingFromEnv(),
      organizerId,
      cron: '@every 2s',
      activityEveryMs: 1000,
      fixedPorts: false,
      workflowBundlePath: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
      serverLogFile: path.join(os.tmpdir(), `temporal-${organizerId}.log`),
      followEveryMs: 500,
      onRun: (line) => lines.push(line),
    });
    const { client, tixngoFaults } = stack;
    const lineMatching = (pattern: RegExp, what: string) =>
      eventually(async () => lines.find((line) => pattern.test(line)), what, { timeoutMs: 90_000 });

    await lineMatching(/item\(s\) = [1-9]\d* applied/, 'a finished run that applied tickets');

    // TIXNGO answers 503 to everything: the page activity is retried, attempt after attempt.
    tixngoFaults.set({ errorRate5xx: 1 });
    const stuck = await lineMatching(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d ${organizerId}: run \\w+ STUCK: activity processDiffPage on attempt \\d+`,
      ),
      'a STUCK line',
    );
    expect(stuck).toMatch(/on attempt ([3-9]|\d\d+), last failure: .*HTTP 50\d.*\[TransportError\]/);
    const stuckRun = /run (\w+) STUCK/.exec(stuck)?.[1] ?? '';
    // Printed once: still once after the activity's next attempt has failed too (polled meanwhile).
    const handle = client.workflow.getHandle(`tixngo-feedback:${organizerId}`);
    await eventually(
      async () => {
        const health = await currentRunHealth(client, await handle.describe());
        return health.pendingActivities.some((activity) => activity.attempt > STUCK_ATTEMPTS)
          ? true
          : undefined;
      },
      'the stuck activity to fail once more',
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // three polls of the follower
    expect(
      lines.filter((line) => line.includes(`run ${stuckRun} STUCK: activity processDiffPage`)),
    ).toHaveLength(1);

    // Then a 401, which no retry can fix: the run fails, and says why (decoded).
    tixngoFaults.clear();
    tixngoFaults.next(['401']);
    const failed = await lineMatching(new RegExp(`${organizerId}: run \\w+ FAILED: `), 'a FAILED line');
    expect(failed).toContain('TIXNGO refused the API key');
    expect(failed).toContain('[RequestRefused]');
    expect(failed).not.toMatch(/Encoded failure/);

    // The next cron run goes on; every finished run's line adds up.
    const failedAt = lines.indexOf(failed);
    await eventually(
      async () => (lines.slice(failedAt + 1).some((line) => line.includes(' item(s) = ')) ? true : undefined),
      'a finished run after the failed one',
      { timeoutMs: 90_000 },
    );
    const finished = lines.filter((line) => line.includes(' item(s) = '));
    for (const line of finished) {
      const parsed = parseItemCounts(line);
      expect(parsed).toBeDefined();
      expect([line, parsed && sumOfTerms(parsed.terms)]).toEqual([line, parsed?.items]);
      expect(Object.keys(parsed?.terms ?? {}).slice(0, 5)).toEqual([
        'applied',
        'unchanged',
        'superseded',
        'skipped',
        'rejected',
      ]);
    }
  }, 300_000);
});
