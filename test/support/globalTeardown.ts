import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEMPORAL_DEV_SERVER__?.stop();
  globalThis.__TEMPORAL_DEV_SERVER__ = undefined;
  if (globalThis.__TEST_TMP_DIR__) rmSync(globalThis.__TEST_TMP_DIR__, { recursive: true, force: true });
}
