/**
 * The modules every workflow shares, evaluated once per reusable V8 context instead of once per
 * workflow (src/workflowBundle.ts, `preloadModules`; issue 17): zod, and our pure modules the
 * workflows import (domain rules and the zod schemas that check inputs and signals). Evaluating
 * those per workflow was most of what a workflow cost the worker: ≈ 330 zod schemas built again for
 * every cron run, transfer and hand-off (≈ 0.3 MB of heap and a few ms of CPU each; BENCHMARKS.md).
 *
 * Temporal deep-freezes what it preloads and the context's globals once this module has run. Two
 * kinds of lazy state must stay writable, so both are completed or kept out of that freeze here:
 * - zod's global configuration: zod otherwise writes its default locale and memoizer into
 *   `globalThis.__zod_globalConfig` when the first schema is built, and its `util.allowsEval`
 *   cache on the first object schema, which frozen objects refuse;
 * - each schema's own state: a zod schema fills in its properties on first use (`safeParse` bound
 *   on first read, an object's shape and parser on first parse, …), which a frozen schema refuses
 *   ("Cannot define property safeParse, object is not extensible": every workflow task that
 *   validates would fail). So each shared module's exports are frozen here, by `freezeShared`, all
 *   but the zod schemas: Temporal's freeze stops at an object already frozen, and a schema's lazy
 *   state is the same whichever workflow completes it (no per-workflow state, deterministic).
 *
 * Only modules without per-workflow state belong in SHARED_MODULES: never a workflow module (its
 * activity proxies and handlers are the workflow's). `@temporalio/workflow` comes with the helpers
 * that import it: it is stateless, its functions find the running workflow through the context.
 * Every module evaluated here is shared, the modules these import included: each one is listed, so
 * that its schemas stay unfrozen (test/unit/workflowBundlePreload.test.ts checks this on the shipped
 * bundle).
 */
import * as z from 'zod';
import * as closestName from '../domain/closestName';
import * as contact from '../domain/contact';
import * as diffItem from '../domain/diffItem';
import * as distribution from '../domain/distribution';
import * as failureTypes from '../domain/failureTypes';
import * as lifecycleStatus from '../domain/lifecycleStatus';
import * as organizer from '../domain/organizer';
import * as payloadSize from '../domain/payloadSize';
import * as rejectionDigest from '../domain/rejectionDigest';
import * as rejectionRef from '../domain/rejectionRef';
import * as skipList from '../domain/skipList';
import * as spectator from '../domain/spectator';
import * as storableText from '../domain/storableText';
import * as ticketSize from '../domain/ticketSize';
import * as transferOutcome from '../domain/transferOutcome';
import * as carriedRunState from './carriedRunState';
import * as carryOnFailure from './carryOnFailure';
import * as checkedInput from './checkedInput';
import * as definitions from './definitions';
import * as ids from './ids';
import * as liveSkipList from './liveSkipList';
import * as openRejections from './openRejections';
import * as runWarnings from './runWarnings';
import * as searchAttributes from './searchAttributes';
import * as signalPayloads from './signalPayloads';
import * as surfaceFailure from './surfaceFailure';
import * as transferBatches from './transferBatches';
import * as transferDefinitions from './transferDefinitions';
import * as transferSignalPayloads from './transferSignalPayloads';
import * as transferStepQueue from './transferStepQueue';

z.config({ ...z.locales.en(), memoizer: z.core.memoizer() });
// zod's one module-level cache (may schemas compile their parsers with `new Function`?), filled now.
void z.core.util.allowsEval.value;

/** Our modules shared by every workflow of the context (see above); their exports frozen but the schemas. */
export const SHARED_MODULES: readonly object[] = [
  closestName,
  contact,
  diffItem,
  distribution,
  failureTypes,
  lifecycleStatus,
  organizer,
  payloadSize,
  rejectionDigest,
  rejectionRef,
  skipList,
  spectator,
  storableText,
  ticketSize,
  transferOutcome,
  carriedRunState,
  carryOnFailure,
  checkedInput,
  definitions,
  ids,
  liveSkipList,
  openRejections,
  runWarnings,
  searchAttributes,
  signalPayloads,
  surfaceFailure,
  transferBatches,
  transferDefinitions,
  transferSignalPayloads,
  transferStepQueue,
];

/** A zod schema (or check): its lazily-filled state must stay writable. */
export function isZodSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/**
 * Freezes `value` as Temporal freezes what it preloads (objects deeply, functions themselves), except
 * zod schemas, wherever they sit, which are left as they are.
 */
export function freezeShared(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (isZodSchema(value) || seen.has(value)) return;
  seen.add(value);
  if (typeof value === 'object') {
    for (const key of Reflect.ownKeys(value))
      freezeShared((value as Record<PropertyKey, unknown>)[key], seen);
  }
  Object.freeze(value);
}

for (const namespace of SHARED_MODULES) freezeShared(namespace);

export { z as zod };
