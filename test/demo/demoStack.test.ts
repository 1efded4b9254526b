import os from 'node:os';
import path from 'node:path';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { codecSettingFromEnv } from '../../src/codec/keys';
import { generateCodecServerToken } from '../../src/codec/serverToken';
import { startDemoStack, type DemoStack } from '../../src/demo/demoStack';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { eventually, testEnv, uniqueSuffix } from '../support/env';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start: the demo stack', () => {
  let stack: DemoStack | undefined;

  afterAll(async () => {
    await stack?.stop();
  });

  it('brings the demo organizer’s tickets into S-360 within one cron cycle, and stops everything', async () => {
    const organizerId = `demo-${uniqueSuffix()}`;
    const codecServerToken = generateCodecServerToken();
    stack = await startDemoStack({
      temporalCli: testEnv('TEMPORAL_CLI'),
      codec: codecSettingFromEnv(),
      codecServerToken,
      organizerId,
      cron: '@every 2s',
      activityEveryMs: 1000,
      databaseUrl: undefined, // as on a fresh machine: the embedded database
      fixedPorts: false,
      workflowBundlePath: testEnv('FEEDBACK_WORKFLOW_BUNDLE'),
      serverLogFile: path.join(os.tmpdir(), `temporal-${organizerId}.log`),
    });
    const { client, urls } = stack;
    expect(urls.temporalUi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.s360Backoffice).toBe(`${urls.s360}/backoffice`);

    // One cron cycle: a run that applied tickets.
    const run = await eventually(async () => {
      const runs = await completedFeedbackRuns(client, organizerId);
      return runs.find((candidate) => candidate.result.applied > 0);
    }, 'a finished cron run of the demo organizer that applied tickets');
    expect(run.result.organizerId).toBe(organizerId);

    // The tickets, read through the S-360 API as any S-360 client would.
    const s360 = createHttpS360Gateway({
      organizerId,
      baseUrl: urls.s360,
      apiKey: stack.s360ApiKey,
      timeoutMs: 10_000,
    });
    const injected = await s360.getTicket('DEMO1-INJ-1');
    expect(injected?.mobileStatus).toBe('INJECTED');
    const downloaded = await eventually(async () => {
      const ticket = await s360.getTicket('DEMO2-DL-1');
      return ticket?.mobileStatus ? ticket : undefined;
    }, 'DEMO2-DL-1 in S-360');
    expect(['INJECTED', 'DOWNLOADED']).toContain(downloaded.mobileStatus);

    // The back-office page and the worker's metrics answer too.
    expect((await fetch(urls.s360Backoffice)).status).toBe(200);
    const metrics = await (await fetch(urls.metrics)).text();
    expect(metrics).toMatch(
      new RegExp(`tixngo_feedback_pages_total\\{organizer="${organizerId}",source="tixngo"\\} [1-9]`),
    );

    // The Web UI's codec endpoint, as its settings hand it to the browser, carries the codec server's
    // token; the bare codec server refuses.
    const settings = (await (await fetch(`${urls.temporalUi}/api/v1/settings`)).json()) as {
      Codec: { Endpoint: string };
    };
    expect(settings.Codec.Endpoint).toBe(`${urls.codecServer}/${codecServerToken}`);
    const uiDecode = (endpoint: string) =>
      fetch(`${endpoint}/decode`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Namespace': 'default',
          Origin: `${urls.temporalUi}`,
        },
        body: '{}',
      }).then((response) => response.status);
    expect([await uiDecode(settings.Codec.Endpoint), await uiDecode(`${urls.codecServer}`)]).toEqual([
      200, 401,
    ]);

    const pid = stack.temporalServerPid;
    await stack.stop();
    stack = undefined;
    expect(isRunning(pid)).toBe(false);
    expect(await answers(urls.s360)).toBe(false);
    expect(await answers(urls.metrics)).toBe(false);
  });
});
