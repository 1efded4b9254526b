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
import { stacksStoppedAfterAll, type TestStack } from '../support/stack';

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

const stackFor = stacksStoppedAfterAll();
let stack: TestStack;
beforeAll(async () => {
  stack = await stackFor('stories');
});

const feedOnce = () => runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });

async function violationsOfPrefix(prefix: string, steps: readonly unknown[]): Promise<string> {
  const state = await readS360State(stack.s360.url);
  const mine = { ...state, tickets: state.tickets.filter((ticket) => ticket.ticketId.startsWith(prefix)) };
  // Contacts are shared by every story (the same people): judge duplicates and completion over all.
  return describeViolations(findViolations({ state: mine, steps }));
}

describe.each(['backlog', 'step-by-step'] as const)('transfer stories, %s', (delivery) => {
  it.each(STORIES)('%s keeps every S-360 invariant', async (name) => {
    const prefix = `${delivery === 'backlog' ? 'B' : 'S'}-${name}-`;
    const steps = scenarioChanges(name, { prefix });
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
    expect(await violationsOfPrefix(prefix, steps)).toBe('');
  });
});
