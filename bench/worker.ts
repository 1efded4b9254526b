/**
 * The benchmark's worker, in a process of its own so that its memory is measured alone. It runs the
 * production worker factory with the file configuration and the secrets of its environment, reports
 * its resident set size to the parent every 250 ms over IPC, and stops when told to.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { httpConnector } from '../src/activities';
import { dataConverterFromEnv } from '../src/codec/dataConverter';
import { fileConfigStore } from '../src/config/configStore';
import { environmentSecrets } from '../src/config/secrets';
import { transferKeySecretFromEnv } from '../src/config/transferKeySecret';
import { createTransferKeyer } from '../src/activities/transferKeys';
import { createFeedbackWorker, type WorkerTuning } from '../src/worker';

export interface WorkerMessage {
  type: 'ready' | 'rss' | 'stopped';
  rss: number;
  /** The main thread's V8 heap (heapTotal); the workflow thread's heap is not in it. */
  heap: number;
  /** The main thread's live V8 heap (heapUsed). */
  heapUsed: number;
  /** Memory of C++ objects bound to JS objects (Buffers included), and of the ArrayBuffers among them. */
  external: number;
  arrayBuffers: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bench worker: ${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const report = (type: WorkerMessage['type']): void => {
    const memory = process.memoryUsage();
    const message: WorkerMessage = {
      type,
      rss: memory.rss,
      heap: memory.heapTotal,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
    };
    process.send?.(message);
  };
  // BENCH_WORKER_METRICS_ADDRESS: the core's Prometheus exporter (host:port), scraped per phase (workerMetrics.ts).
  const metricsAddress = process.env.BENCH_WORKER_METRICS_ADDRESS;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    ...(metricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }
      : {}),
  });
  const tuning = JSON.parse(process.env.BENCH_WORKER_TUNING ?? '{}') as WorkerTuning;
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await createFeedbackWorker({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE,
    taskQueue: required('TEMPORAL_TASK_QUEUE'),
    deps: {
      config: fileConfigStore(required('TIXNGO_FEEDBACK_CONFIG')),
      connect: httpConnector(environmentSecrets),
      transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
    },
    dataConverter: dataConverterFromEnv().dataConverter,
    workflowBundlePath: process.env.BENCH_WORKFLOW_BUNDLE,
    tuning,
  });
  const sampler = setInterval(() => report('rss'), 250);
  process.on('message', (message) => {
    if (message === 'stop' && worker.getState() === 'RUNNING') worker.shutdown();
  });
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  report('ready');
  try {
    await worker.run();
  } finally {
    clearInterval(sampler);
    await connection.close();
  }
  report('stopped');
  process.disconnect?.();
}

main().catch((error: unknown) => {
  console.error(`bench worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
