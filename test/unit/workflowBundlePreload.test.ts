/**
 * Issue 17: what every workflow of a reusable V8 context shares, on the shipped bundle loaded as the
 * worker loads it (Temporal's ReusableVMWorkflowCreator: preloaded, then frozen by Temporal).
 * - zod and our pure modules are evaluated once per context (src/workflows/sharedModules.ts), not
 *   once per workflow; the workflow modules, which hold per-workflow state, are not shared;
 * - every zod schema they export still validates after Temporal's freeze (a schema fills in its own
 *   state on first use: frozen, every workflow task that validates would fail);
 * - a workflow type's module is evaluated when that type is looked up (src/workflows/bundleEntry.ts).
 */
import { readFileSync } from 'node:fs';
import type { TransferEvent } from '../../src/domain/transferEvent';
import { testEnv } from '../support/env';
import { shippedWorkflowContext, type ShippedWorkflowContext } from '../support/workflowContext';

test('the shipped workflow bundle preloads src/workflows/sharedModules.ts', () => {
  const code = readFileSync(testEnv('FEEDBACK_WORKFLOW_BUNDLE'), 'utf8');
  const start = code.indexOf('exports.preloadModules = function preloadModules() {');
  expect(start).toBeGreaterThan(-1);
  const body = code.slice(start, code.indexOf('\n}', start));
  expect(body).toContain('__webpack_require__(');
  expect(body).toContain('src/workflows/sharedModules.ts');
});

/** Our modules the preload evaluates: sharedModules.ts and its list. */
const SHARED = [
  './src/domain/closestName.ts',
  './src/domain/contact.ts',
  './src/domain/diffItem.ts',
  './src/domain/distribution.ts',
  './src/domain/failureTypes.ts',
  './src/domain/lifecycleStatus.ts',
  './src/domain/organizer.ts',
  './src/domain/payloadSize.ts',
  './src/domain/rejectionDigest.ts',
  './src/domain/rejectionRef.ts',
  './src/domain/skipList.ts',
  './src/domain/spectator.ts',
  './src/domain/storableText.ts',
  './src/domain/ticketSize.ts',
  './src/domain/transferOutcome.ts',
  './src/workflows/carriedRunState.ts',
  './src/workflows/carryOnFailure.ts',
  './src/workflows/checkedInput.ts',
  './src/workflows/definitions.ts',
  './src/workflows/ids.ts',
  './src/workflows/liveSkipList.ts',
  './src/workflows/openRejections.ts',
  './src/workflows/runWarnings.ts',
  './src/workflows/searchAttributes.ts',
  './src/workflows/sharedModules.ts',
  './src/workflows/signalPayloads.ts',
  './src/workflows/surfaceFailure.ts',
  './src/workflows/transferBatches.ts',
  './src/workflows/transferDefinitions.ts',
  './src/workflows/transferSignalPayloads.ts',
  './src/workflows/transferStepQueue.ts',
];

type Schema = { safeParse(value: unknown): { success: boolean } };
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && '_zod' in value;

/** The zod schemas reachable from a module's exports (schemas are not walked into). */
function schemasIn(value: unknown, found = new Set<Schema>(), seen = new Set<unknown>()): Set<Schema> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return found;
  seen.add(value);
  if (isSchema(value)) return found.add(value);
  for (const key of Reflect.ownKeys(value))
    schemasIn((value as Record<PropertyKey, unknown>)[key], found, seen);
  return found;
}

describe('the modules every workflow of a V8 context shares', () => {
  let context: ShippedWorkflowContext;
  beforeAll(async () => {
    context = await shippedWorkflowContext();
  });
  afterAll(() => context.destroy());

  test('are zod, sharedModules.ts and its list; never a workflow module', () => {
    const ours = context.moduleIds.filter((id) => id.startsWith('./src/'));
    expect(ours.filter((id) => context.sharedExports(id) !== undefined)).toEqual(SHARED);
    expect(context.sharedExports('./src/workflows/transfer.ts')).toBeUndefined();
    expect(context.sharedExports('./src/workflows/feedback.ts')).toBeUndefined();
    expect(
      context.moduleIds.some((id) => id.includes('/zod/') && context.sharedExports(id) !== undefined),
    ).toBe(true);
  });

  test('are frozen, but the zod schemas, which still validate after Temporal froze the rest', () => {
    let schemas = 0;
    for (const id of SHARED) {
      const exports = context.sharedExports(id) ?? {};
      expect(Object.isFrozen(exports)).toBe(true);
      for (const schema of schemasIn(exports)) {
        schemas += 1;
        expect(Object.isFrozen(schema)).toBe(false);
        // First use fills in the schema's own state; a frozen schema throws here.
        for (const bad of [undefined, null, 'text', 42, {}, []])
          expect(() => schema.safeParse(bad)).not.toThrow();
      }
    }
    expect(schemas).toBeGreaterThan(20);
    const failureTypes = context.sharedExports('./src/domain/failureTypes.ts');
    expect(Object.isFrozen(failureTypes?.NON_RETRYABLE_FAILURE_TYPES)).toBe(true);
  });

  test('a transfer signal is checked with the shared schemas: a good step passes, a bad one is refused', () => {
    const { checkTransferEvent } = context.sharedExports('./src/workflows/transferSignalPayloads.ts') as {
      checkTransferEvent(payload: unknown, first: TransferEvent): { ok: boolean; warning?: string };
    };
    const first: TransferEvent = {
      organizerId: 'org-a',
      ticketId: 'T1',
      transferKey: 'K1',
      status: 'PENDING_TRANSFER',
      statusChangedAt: '2026-12-01T10:00:00.000Z',
      senderEmail: 'sender@example.com',
      recipientEmail: 'recipient@example.com',
    };
    const step = { ...first, status: 'TRANSFERRED', statusChangedAt: '2026-12-01T11:00:00.000Z' };
    expect(checkTransferEvent(step, first)).toMatchObject({ ok: true });
    expect(checkTransferEvent(step, first)).toMatchObject({ ok: true });
    expect(checkTransferEvent({ ...step, statusChangedAt: 'yesterday' }, first)).toMatchObject({
      ok: false,
      warning: expect.stringContaining('statusChangedAt'),
    });
    expect(checkTransferEvent('TRANSFERRED', first)).toMatchObject({ ok: false });
  });
});

test("a workflow type's module is evaluated when that type is looked up, not with the bundle", async () => {
  const context = await shippedWorkflowContext();
  try {
    // As Temporal looks a workflow up (`importWorkflows()[workflowType]`), here outside any workflow.
    context.run('globalThis.__lookup = __TEMPORAL__.importWorkflows()');
    expect(context.sharedExports('./src/workflows/bundleEntry.ts')).toBeDefined();
    for (const id of ['transfer', 'feedback', 'startTransfers', 'importDiff', 'checkOrganizer'])
      expect(context.sharedExports(`./src/workflows/${id}.ts`)).toBeUndefined();
    expect(context.run('typeof globalThis.__lookup.transferWorkflow')).toBe('function');
    expect(context.sharedExports('./src/workflows/transfer.ts')).toBeDefined();
    expect(context.sharedExports('./src/workflows/feedback.ts')).toBeUndefined();
    expect(context.run('globalThis.__lookup.noSuchWorkflow')).toBeUndefined();
  } finally {
    await context.destroy();
  }
});
