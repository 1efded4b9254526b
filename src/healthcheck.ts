#!/usr/bin/env node
/**
 * The image's HEALTHCHECK (`node dist/healthcheck.js`): healthy when the worker's metrics endpoint
 * (METRICS_PORT, METRICS_HOST as the worker reads them) answers GET /metrics with 200 within
 * 5 seconds. Exit 0 healthy, 1 not (with the cause on stderr). With METRICS_PORT=0 there is nothing
 * to ask: it says so and exits 0, the container's state then only follows the worker process.
 */

/** How long the endpoint may take to answer, in milliseconds. */
export const HEALTHCHECK_TIMEOUT_MS = 5000;

/** The metrics URL the worker of this environment serves, or `undefined` when its metrics are off. */
export function metricsUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const port = Number(env.METRICS_PORT || 9464);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`METRICS_PORT must be a port number, got "${env.METRICS_PORT}".`);
  }
  if (port === 0) return undefined;
  // The worker listens on every interface by default: ask it on the loopback.
  const host =
    !env.METRICS_HOST || ['0.0.0.0', '::'].includes(env.METRICS_HOST) ? '127.0.0.1' : env.METRICS_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`;
}

/** Asks the endpoint once; resolves to `undefined` when healthy, else to the reason. */
export async function checkMetricsEndpoint(
  url: string,
  timeoutMs = HEALTHCHECK_TIMEOUT_MS,
): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? undefined : `${url} answered HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `${url}: ${cause ?? (error as Error).message}`;
  }
}

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(`Usage: node dist/healthcheck.js

Exits 0 when the worker's metrics endpoint (METRICS_HOST, METRICS_PORT; default 127.0.0.1:9464)
answers GET /metrics within ${HEALTHCHECK_TIMEOUT_MS / 1000} s, 1 otherwise. METRICS_PORT=0: nothing to check, exits 0.`);
    return 0;
  }
  const url = metricsUrlFromEnv();
  if (!url) {
    console.log('METRICS_PORT=0: the worker serves no metrics, nothing to check.');
    return 0;
  }
  const problem = await checkMetricsEndpoint(url);
  if (problem) {
    console.error(`unhealthy: ${problem}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
