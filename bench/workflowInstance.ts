/**
 * `npm run bench:instance -- [--type T] [--workflows N] [--bundle FILE]`: what one new workflow costs
 * the worker's workflow thread (issue 17), without a server: the shipped workflow bundle (or FILE, to
 * compare with another build) loaded as the worker loads it (Temporal's ReusableVMWorkflowCreator:
 * preload, freeze), then N workflows of type T created and given their first activation (start
 * with an input), all kept. Prints the V8 heap and RSS per workflow (after a full GC) and the CPU
 * per new workflow (module evaluation, input check, first workflow task), and the first workflow's
 * commands. Needs `--expose-gc` (the npm script passes it). Uses SDK internals (the creator's
 * options), like the worker does.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultPayloadConverter } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import type { coresdk } from '@temporalio/proto';
import type { WorkflowCreateOptions } from '@temporalio/worker/lib/workflow/interface';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { buildWorkflowBundle, quietBundlerLogger } from '../src/workflowBundle';
import type { TransferWorkflowInput } from '../src/workflows/transferDefinitions';
import type { FeedbackWorkflowInput } from '../src/workflows/definitions';
import { waitingTransferInput } from './waitingTransferInput';

const HELP = `Usage: npm run bench:instance -- [--type T] [--workflows N] [--bundle FILE]

What one new workflow costs the worker (heap, RSS, CPU), in Temporal's reusable V8 context, no server.
  --type T        transferWorkflow (a transfer left waiting, default) or feedbackWorkflow (a cron run)
  --workflows N   workflows created and kept (default 500), after 20 for warm-up
  --bundle FILE   a workflow bundle file instead of building the shipped one (to compare builds)
  --help          this text`;

const START = Date.parse('2026-12-01T10:00:00.000Z');

function inputOf(type: string, i: number): TransferWorkflowInput | FeedbackWorkflowInput {
  if (type === 'feedbackWorkflow') return { organizerId: `bench-instance-${i}` };
  return waitingTransferInput('bench-instance', i);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      type: { type: 'string', default: 'transferWorkflow' },
      workflows: { type: 'string', default: '500' },
      bundle: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:instance does)');
  const type = values.type;
  if (type !== 'transferWorkflow' && type !== 'feedbackWorkflow')
    throw new Error(`--type must be transferWorkflow or feedbackWorkflow, got ${type}`);
  const n = Number(values.workflows);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--workflows must be a whole number from 1, got ${values.workflows}`);

  const code = values.bundle
    ? readFileSync(values.bundle, 'utf8')
    : await buildWorkflowBundle(quietBundlerLogger());
  const mapAt = code.lastIndexOf('//# sourceMappingURL=data:');
  const sourceMap = JSON.parse(
    Buffer.from(code.slice(code.indexOf('base64,', mapAt) + 'base64,'.length).trimEnd(), 'base64').toString(),
  );
  const creator = await ReusableVMWorkflowCreator.create(
    { code, sourceMap, filename: values.bundle ?? '/bench/workflow-bundle.js' },
    5_000,
    new Set<string>(),
    undefined,
  );
  const kept: Awaited<ReturnType<typeof creator.createWorkflow>>[] = [];
  let firstCommands: unknown;
  const create = async (i: number): Promise<void> => {
    const runId = `bench-instance-run-${i}`;
    const now = START + i;
    const timestamp = msToTs(now);
    const workflow = await creator.createWorkflow({
      info: {
        workflowId: `bench-instance-${i}`,
        runId,
        workflowType: type,
        searchAttributes: {},
        taskQueue: 'bench-instance',
        namespace: 'default',
        firstExecutionRunId: runId,
        originalExecutionRunId: runId,
        startTime: new Date(now),
        runStartTime: new Date(now),
        taskTimeoutMs: 10_000,
        attempt: 1,
        historyLength: 1,
        historySize: 0,
        continueAsNewSuggested: false,
        currentBuildId: '',
        unsafe: { now: () => now, isReplaying: false, isReplayingHistoryEvents: false, random: Math.random },
        priority: {},
      },
      randomnessSeed: Uint8Array.from([i & 255, (i >> 8) & 255, (i >> 16) & 255, 1, 2, 3, 4, 5]),
      now,
      showStackTraceSources: false,
    } as unknown as WorkflowCreateOptions);
    const activation = {
      runId,
      timestamp,
      isReplaying: false,
      historyLength: 3,
      historySizeBytes: msToTs(0).seconds,
      jobs: [
        {
          initializeWorkflow: {
            workflowId: `bench-instance-${i}`,
            workflowType: type,
            arguments: [defaultPayloadConverter.toPayload(inputOf(type, i))],
            attempt: 1,
            firstExecutionRunId: runId,
            startTime: timestamp,
          },
        },
      ],
    } as unknown as coresdk.workflow_activation.IWorkflowActivation;
    const completion = await workflow.activate(activation);
    firstCommands ??=
      completion.successful?.commands?.map((command) => Object.keys(command)[0]) ?? completion;
    kept.push(workflow);
  };

  const warmUp = 20;
  for (let i = 0; i < warmUp; i += 1) await create(i);
  gc();
  const before = process.memoryUsage();
  const cpu = process.cpuUsage();
  for (let i = warmUp; i < warmUp + n; i += 1) await create(i);
  const used = process.cpuUsage(cpu);
  gc();
  const after = process.memoryUsage();
  const kb = (bytes: number): number => Number((bytes / n / 1024).toFixed(1));
  console.log(
    JSON.stringify({
      type,
      workflows: n,
      bundle: values.bundle ?? 'shipped',
      heapPerWorkflowKB: kb(after.heapUsed - before.heapUsed),
      rssPerWorkflowKB: kb(after.rss - before.rss),
      cpuPerWorkflowMs: Number(((used.user + used.system) / 1000 / n).toFixed(2)),
      firstCommands,
      kept: kept.length,
    }),
  );
  for (const workflow of kept) await workflow.dispose();
  await creator.destroy();
}

main().catch((error: unknown) => {
  console.error(`bench instance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
