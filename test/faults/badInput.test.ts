/**
 * A few kinds of the fault suite's bad-input section in CI (all of them: `npm run faults -- --only
 * bad-input`): worker processes, the simulators and a cron schedule, as the suite runs them.
 */
import { runBadInput, type BadInputKind } from '../../faults/badInput';
import { testEnv } from '../support/env';

const env = () => ({
  address: testEnv('TEMPORAL_ADDRESS'),
  workflowBundle: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
  databaseUrl: testEnv('DATABASE_URL'),
});

const kinds: BadInputKind[] = ['skip-entry', 's360-unstorable', 'pagination-key'];

it.each(kinds)(
  'bad input "%s": nothing lost, the organizer does not stall',
  async (kind) => {
    const outcome = await runBadInput(env(), kind, { seed: 3, log: () => undefined, timeoutMs: 90_000 });
    expect({ lost: outcome.lost, stalled: outcome.stalled, notes: outcome.notes }).toEqual({
      lost: 0,
      stalled: 0,
      notes: expect.any(Array),
    });
    expect(outcome.applied + outcome.rejectedVisible).toBe(outcome.expected);
  },
  200_000,
);
