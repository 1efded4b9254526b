/**
 * The modules every workflow shares, evaluated once per reusable V8 context instead of once per
 * workflow (src/workflowBundle.ts, `preloadModules`; issue 17: evaluating zod per cached workflow
 * cost most of the workflow thread's memory). zod is listed by re-export, because a bare
 * `require('zod')` is dropped by the bundler (zod's package.json declares it free of side effects).
 *
 * Temporal deep-freezes what it preloads and the context's globals once this module has run, so
 * zod's global configuration is completed here, before that: zod otherwise writes its default
 * locale and memoizer into `globalThis.__zod_globalConfig` when the first schema is built, and its
 * `util.allowsEval` cache on the first object schema, which frozen objects refuse (every workflow task that validates would fail). Only libraries go here,
 * never our own schemas: a zod schema fills in its own properties on first use.
 */
import * as z from 'zod';

z.config({ ...z.locales.en(), memoizer: z.core.memoizer() });
// zod's one module-level cache (may schemas compile their parsers with `new Function`?), filled now.
void z.core.util.allowsEval.value;

export { z as zod };
