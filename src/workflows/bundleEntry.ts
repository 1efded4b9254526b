/**
 * The workflow bundle's entry (src/workflowBundle.ts, `workflowsPath`): the workflow types of
 * ./index.ts, each one's module evaluated only when Temporal looks that type up (issue 17). Temporal
 * evaluates the bundle's modules again for every new workflow (but the preloaded ones,
 * ./sharedModules.ts) and finds the workflow function as a property of this module
 * (`importWorkflows()[workflowType]`, @temporalio/workflow worker-interface), so a getter per type
 * makes a transfer evaluate transfer.ts and its imports, not the feedback and import workflows too.
 *
 * CommonJS on purpose: ES module exports are evaluated when the module is. ./index.ts stays the
 * typed list the clients import; test/unit/workflows/bundleEntry.test.ts checks that both list the
 * same workflows.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a require in a getter is the laziness */

// One expression, no import statement: with one the bundler would make this an ES module, which may
// not assign module.exports; and TypeScript would make a script's top-level names global.
module.exports = ((): object => {
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- see above
  type Workflows = typeof import('./index');
  /** Each workflow type's function, loaded on first look-up. */
  const loaders: { [Type in keyof Workflows]: () => Workflows[Type] } = {
    feedbackWorkflow: () => require('./feedback').feedbackWorkflow,
    transferWorkflow: () => require('./transfer').transferWorkflow,
    startTransfersWorkflow: () => require('./startTransfers').startTransfersWorkflow,
    checkOrganizerWorkflow: () => require('./checkOrganizer').checkOrganizerWorkflow,
    importDiffWorkflow: () => require('./importDiff').importDiffWorkflow,
  };
  return Object.defineProperties(
    {},
    Object.fromEntries(
      Object.entries(loaders).map(([type, load]) => [type, { enumerable: true, get: load }]),
    ),
  );
})();
