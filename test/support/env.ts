import { randomBytes } from 'node:crypto';

/** A value the global setup put in the environment; a clear error if a test runs without it. */
export function testEnv(
  name: 'TEMPORAL_ADDRESS' | 'DATABASE_URL' | 'FEEDBACK_WORKFLOW_BUNDLE' | 'TEMPORAL_CLI',
): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with jest (the global setup sets it).`);
  return value;
}

/** A short unique suffix so parallel tests never share organizers, task queues or schemas. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  { timeoutMs = 60_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Gave up waiting after ${timeoutMs} ms for: ${what}`);
}
