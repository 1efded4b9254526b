import { describeViolations, type Violation } from '../../src/sim/s360/invariants';
import { checkS360Invariants } from '../../src/sim/s360/stateReader';
import type { TixngoSimulator } from '../../src/sim/tixngo/server';
import type { TestStack } from './stack';
import { seededContactIds } from './transfers';

/** Every change the TIXNGO simulator holds, in log order: the steps TIXNGO served (or will serve). */
export function servedSteps(tixngo: TixngoSimulator): unknown[] {
  const steps: unknown[] = [];
  for (let index = 0; index < tixngo.changes.size; index += 1) steps.push(tixngo.changes.at(index));
  return steps;
}

export interface ViolationOptions {
  /** TIXNGO's steps; default: every change of the stack's TIXNGO simulator. */
  steps?: readonly unknown[];
  /** Contacts a test created itself (not counted as duplicates among themselves); default: normalContact's. */
  preexistingContactIds?: readonly number[];
}

/** Every S-360 invariant violation of the stack (src/sim/s360/invariants.ts), read over HTTP. */
export function violationsOf(stack: TestStack, options: ViolationOptions = {}): Promise<Violation[]> {
  return checkS360Invariants(stack.s360.url, {
    steps: options.steps ?? servedSteps(stack.tixngo),
    preexistingContactIds: options.preexistingContactIds ?? seededContactIds(stack),
  });
}

/** Fails the test with one line per violation when S-360 breaks an invariant of issue 14. */
export async function expectNoViolations(stack: TestStack, options: ViolationOptions = {}): Promise<void> {
  const violations = await violationsOf(stack, options);
  if (violations.length > 0) {
    throw new Error(`S-360 invariants broken (${violations.length}):\n${describeViolations(violations)}`);
  }
}
