/**
 * The TIXNGO simulator's transfer stories (src/sim/tixngo/scenarios.ts) through the real stack, as a
 * new user's first run sees them (issue 14): the whole story waiting in TIXNGO before the first run,
 * and again one step per run. S-360 must then break no invariant (src/sim/s360/invariants.ts).
 */
import { runOnce } from '../../src/client/runOnce';
import { describeViolations, findViolations } from '../../src/sim/s360/invariants';
import { readS360State } from '../../src/sim/s360/stateReader';
import { scenarioChanges, type ScenarioName } from '../../src/sim/tixngo/scenarios';
import { transfersApplied } from '../support/settle';
import { startTestStack } from '../support/stack';

const STORIES: ScenarioName[] = [
  'transfer-accepted',
  'transfer-rejected',
  'transfer-cancelled',
  'transfer-expired',
  'transfer-pending',
  'legacy-pending',
  'sent-back',
  'bounce',
];

// Each story on a stack of its own: the stories share their people, and a contact one story created
// must not help the next.
async function play(delivery: 'backlog' | 'step-by-step', name: ScenarioName): Promise<string> {
  const stack = await startTestStack(`story-${delivery === 'backlog' ? 'b' : 's'}`);
  try {
    const feedOnce = () =>
      runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
    const steps = scenarioChanges(name);
    if (delivery === 'backlog') {
      stack.tixngo.changes.append(...steps);
      await feedOnce();
      await transfersApplied(stack, steps);
    } else {
      for (const [index, step] of steps.entries()) {
        stack.tixngo.changes.append(step);
        await feedOnce();
        await transfersApplied(stack, steps.slice(0, index + 1));
      }
    }
    return describeViolations(findViolations({ state: await readS360State(stack.s360.url), steps }));
  } finally {
    await stack.stop();
  }
}

describe.each(['backlog', 'step-by-step'] as const)('transfer stories, %s', (delivery) => {
  it.each(STORIES)('%s keeps every S-360 invariant', async (name) => {
    expect(await play(delivery, name)).toBe('');
  });
});
