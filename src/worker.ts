/**
 * The worker process: runs the feedback workflows and their activities for every organizer
 * of the configuration file. Secrets come from this process's environment only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { PREBUILT_BUNDLE_FILE, WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from './workflowBundle';
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createFeedbackActivities, createTransferActivities, httpConnector } from './activities';
import { createTransferKeyer } from './activities/transferKeys';
import type { FeedbackActivityDeps } from './activities/feedbackActivities';
import { fileConfigStore } from './config/configStore';
import { SECRETS_DIR_VARIABLE, secretSourceFromEnv } from './config/secretsDirectory';
import {
  TRANSFER_KEY_SECRET_HELP,
  TRANSFER_KEY_SECRET_VARIABLE,
  transferKeySecretFromEnv,
} from './config/transferKeySecret';
import {
  effectiveWorkerTuning,
  workerTuningFromEnv,
  workerTuningVariablesHelp,
  type WorkerTuning,
} from './config/workerTuning';
import { DEFAULT_TASK_QUEUE, taskQueueFromEnv } from './client/scheduleOrganizer';
import { dataConverterFromEnv } from './codec/dataConverter';
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE } from './codec/keys';
import {
  connectionOptions,
  describeConnection,
  temporalConnectionFromEnv,
  unreachableTemporalError,
  temporalVariablesHelp,
} from './client/temporalConnection';
import { JsonLogger, logLevelFromEnv, secretValuesFromEnv } from './observability/logger';
import { createFeedbackMetrics, noMetrics } from './observability/metrics';
import { metricsWorkerOptions } from './observability/metricsSinks';
import { startMetricsServer } from './observability/metricsServer';
import { registerOpenTransfersGauge, temporalOpenTransferCounter } from './observability/openTransfers';

export interface FeedbackWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  deps: FeedbackActivityDeps;
  /** A pre-built workflow bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /**
   * Payload encryption (src/codec/dataConverter.ts). With a pre-built bundle, build it with the same
   * `failureConverterPath` so workflow failures are encoded like activity failures.
   */
  dataConverter?: DataConverter;
  /**
   * Concurrency and cache settings (the worker process: workerTuningFromEnv; the benchmark: its
   * flags); Temporal's defaults otherwise.
   */
  tuning?: WorkerTuning;
}

/** A pre-built workflow bundle for the worker process (tests and the fault suite); bundled at start otherwise. */
export const WORKFLOW_BUNDLE_VARIABLE = 'TIXNGO_FEEDBACK_WORKFLOW_BUNDLE';

/**
 * The pre-built workflow bundle the worker process loads: the file ${WORKFLOW_BUNDLE_VARIABLE} names
 * (an error naming the variable when it is not there), else `workflow-bundle.js` in `dir` (next to
 * the compiled worker, `dist/`, where `npm run build` writes it), else `undefined`: the worker
 * bundles the workflows at start (`npm run worker` from the sources).
 */
export function workflowBundlePathFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  dir: string = __dirname,
): string | undefined {
  const named = env[WORKFLOW_BUNDLE_VARIABLE];
  if (named) {
    if (!existsSync(named)) throw new Error(`${WORKFLOW_BUNDLE_VARIABLE}="${named}": no such file.`);
    return named;
  }
  const prebuilt = path.join(dir, PREBUILT_BUNDLE_FILE);
  return existsSync(prebuilt) ? prebuilt : undefined;
}

export type { WorkerTuning };

export function workflowSource(
  bundlePath?: string,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  return bundlePath
    ? { workflowBundle: { codePath: bundlePath } }
    : {
        workflowsPath: WORKFLOWS_PATH,
        bundlerOptions: { ...WORKFLOW_BUNDLER_OPTIONS },
      };
}

export async function createFeedbackWorker(options: FeedbackWorkerOptions): Promise<Worker> {
  const metrics = options.deps.metrics ?? noMetrics;
  // Every configured organizer's series from the start, at 0: the first run's counts are increases.
  // A configuration that cannot be read now is each run's error to report (ConfigError), not the worker's.
  const organizerIds = await options.deps.config.organizerIds().catch((): string[] => []);
  for (const organizerId of organizerIds) metrics.organizerSeen(organizerId);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    activities: { ...createFeedbackActivities(options.deps), ...createTransferActivities(options.deps) },
    dataConverter: options.dataConverter,
    // Run outcomes, workflow-task failures and failed activity attempts (src/observability/metricsSinks.ts).
    ...metricsWorkerOptions(metrics, { prebuiltBundle: options.workflowBundlePath !== undefined }),
    ...workflowSource(options.workflowBundlePath),
    ...options.tuning,
  });
}

const HELP = `Usage: npm run worker   (built: bin/worker-node dist/worker.js)

Runs the tixngo-feedback worker until SIGINT/SIGTERM, then finishes its current tasks and exits.

Logs are JSON lines on stdout (time, level, msg, organizerId, workflowId, runId, ticketId…; never a
key or a spectator record). Prometheus metrics are served on http://<METRICS_HOST>:<METRICS_PORT>/metrics.

Environment:
${temporalVariablesHelp()}
  TEMPORAL_TASK_QUEUE       task queue (default "${DEFAULT_TASK_QUEUE}"; the command line starts its runs on the same)
  TIXNGO_FEEDBACK_CONFIG    path of the JSON configuration file (default ./tixngo-feedback.json)
  ${WORKFLOW_BUNDLE_VARIABLE}
                            a pre-built workflow bundle; when unset, dist/${PREBUILT_BUNDLE_FILE}
                            next to the compiled worker (npm run build), else bundled at start
  TIXNGO_API_KEY__<ORG>     TIXNGO API key of each organizer (ORG: organizer id upper-cased, non-alphanumerics as _)
  S360_API_KEY__<ORG>       S-360 API key of each organizer
  ${SECRETS_DIR_VARIABLE}
                            a directory with one file per key variable (e.g. a Kubernetes Secret volume:
                            <dir>/TIXNGO_API_KEY__ACME); read at every use, before the environment, so a
                            new organizer or a rotated key needs no restart (empty: the environment only)
  ${CODEC_KEYS_VARIABLE}
                            payload encryption keys "k2:<base64>,k1:<base64>" (first encrypts); required
                            unless ${CODEC_MODE_VARIABLE}=off (plaintext, development only)
  ${TRANSFER_KEY_SECRET_VARIABLE}
${TRANSFER_KEY_SECRET_HELP.map((line) => `${' '.repeat(28)}${line}`).join('\n')}
  LOG_LEVEL                 TRACE, DEBUG, INFO (default), WARN or ERROR
  METRICS_PORT              port of /metrics (default 9464; 0: no metrics server)
  METRICS_HOST              interface of /metrics (default 0.0.0.0)
${workerTuningVariablesHelp()}

Memory (read by bin/worker-node, which starts the worker: the image, npm run worker; README, "The
worker's memory"): TIXNGO_FEEDBACK_MAX_OLD_SPACE_MB (default 256), TIXNGO_FEEDBACK_MAX_SEMI_SPACE_MB
(default 8), MALLOC_ARENA_MAX (default 2).`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const logger = new JsonLogger({ level: logLevelFromEnv(), secrets: secretValuesFromEnv() });
  Runtime.install({ logger });
  const secrets = secretSourceFromEnv(process.env, { onValue: (value) => logger.addSecret(value) });
  const temporal = temporalConnectionFromEnv();
  const tuning = workerTuningFromEnv();
  const configFile = process.env.TIXNGO_FEEDBACK_CONFIG ?? 'tixngo-feedback.json';
  const codec = dataConverterFromEnv();
  const workflowBundlePath = workflowBundlePathFromEnv();
  const transferKeys = createTransferKeyer(transferKeySecretFromEnv());
  const metricsPort = Number(process.env.METRICS_PORT ?? 9464);
  if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) {
    throw new Error('METRICS_PORT must be a port number (0 turns the metrics server off).');
  }
  const metrics = createFeedbackMetrics();
  const connection = await NativeConnection.connect(connectionOptions(temporal)).catch((error: unknown) => {
    throw unreachableTemporalError(temporal.address, error);
  });
  const worker = await createFeedbackWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: taskQueueFromEnv(),
    deps: {
      config: fileConfigStore(configFile),
      connect: httpConnector(secrets),
      metrics,
      transferKeys,
    },
    dataConverter: codec.dataConverter,
    workflowBundlePath,
    tuning,
  });
  // Open transfer workflows, counted by Temporal visibility on scrape (no payload is read: no codec).
  registerOpenTransfersGauge(
    metrics,
    temporalOpenTransferCounter(new Client({ connection, namespace: temporal.namespace })),
  );
  const metricsServer =
    metricsPort === 0
      ? undefined
      : await startMetricsServer({
          registry: metrics.registry,
          port: metricsPort,
          host: process.env.METRICS_HOST ?? '0.0.0.0',
        });
  logger.info('worker tuning', { ...effectiveWorkerTuning(worker.options) });
  logger.info('tixngo-feedback worker started', {
    temporal: describeConnection(temporal),
    taskQueue: worker.options.taskQueue,
    config: configFile,
    workflows: workflowBundlePath ?? 'bundled at start',
    metrics: metricsServer?.url ?? 'off',
  });
  (codec.setting.mode === 'off' ? logger.warn : logger.info).call(logger, codec.description);
  try {
    await worker.run();
  } finally {
    await metricsServer?.close();
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
