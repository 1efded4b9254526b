/**
 * One fault of the suite in CI (the rest: `npm run faults`): two schedules of one organizer started at
 * the same moment from two clients, two worker processes. One start is refused; nothing lost, nothing twice.
 */
import { twoSchedules } from '../../faults/scenarios';
import { testEnv } from '../support/env';

it('two schedules started at the same moment: one runs, the other is refused, S-360 ends exact', async () => {
  const outcome = await twoSchedules(
    {
      address: testEnv('TEMPORAL_ADDRESS'),
      workflowBundle: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
      databaseUrl: testEnv('DATABASE_URL'),
    },
    { items: 400, seed: 3, cli: testEnv('TEMPORAL_CLI'), log: () => undefined },
  );
  expect(outcome.report.findings).toEqual([]);
  expect(outcome.report.applied).toBe(outcome.report.expected);
  expect(outcome.notes[0]).toBe('1 schedule started, 1 refused as already scheduled');
  expect(outcome.notes).toHaveLength(1);
}, 300_000);
