import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileAlreadyImportedError } from '../../src/client/errors';
import { importDiffFile } from '../../src/client/importDiffFile';
import { formatImport } from '../../src/cli/format';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually, testEnv } from '../support/env';
import { recordHistory } from '../support/recordHistory';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const run = promisify(execFile);
const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

describe('skipping tickets live, with the temporal CLI', () => {
  it('a skip sent with `temporal workflow signal` is honoured by the next page, and unskip lifts it', async () => {
    const stack = await startTestStack('skip');
    stacks.push(stack);
    const { organizerId } = stack;
    stack.tixngo.changes.append(ticket('T-1', 'INJECTED', 0), ticket('T-2', 'INJECTED', 0));
    await scheduleOrganizer(stack.client, {
      organizerId,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 1s',
    });
    await eventually(
      async () => ((await stack.s360Api.getTicket('T-2'))?.mobileStatus === 'INJECTED' ? true : undefined),
      'the first run to apply T-1 and T-2',
    );

    // Exactly as the README tells an operator to do it.
    await run(testEnv('TEMPORAL_CLI'), [
      'workflow',
      'signal',
      '--address',
      testEnv('TEMPORAL_ADDRESS'),
      '--workflow-id',
      feedbackWorkflowId(organizerId),
      '--name',
      'skipTickets',
      '--input',
      '["id:T-1", "tax-T-2"]',
    ]);
    // Once a finished run carries the skip list, every later page honours it.
    await eventually(async () => {
      const runs = await completedFeedbackRuns(stack.client, organizerId);
      return runs.some((r) => r.result.skipTickets.includes('id:T-1')) ? true : undefined;
    }, 'a run to carry the skip list');

    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 5),
      ticket('T-2', 'DOWNLOADED', 5),
      ticket('T-3', 'INJECTED', 5),
    );
    await eventually(
      async () => ((await stack.s360Api.getTicket('T-3'))?.mobileStatus === 'INJECTED' ? true : undefined),
      'the page with T-3 to be applied',
    );
    expect((await stack.s360Api.getTicket('T-1'))?.mobileStatus).toBe('INJECTED');
    expect((await stack.s360Api.getTicket('T-2'))?.mobileStatus).toBe('INJECTED');
    // The run that applied that page may not be listed as finished yet: wait for its count.
    const skipped = await eventually(async () => {
      const runs = await completedFeedbackRuns(stack.client, organizerId);
      const sum = runs.reduce((total, r) => total + r.result.skipped, 0);
      return sum >= 2 ? sum : undefined;
    }, 'the finished runs to count the two skipped items');
    expect(skipped).toBe(2);

    await run(testEnv('TEMPORAL_CLI'), [
      'workflow',
      'signal',
      '--address',
      testEnv('TEMPORAL_ADDRESS'),
      '--workflow-id',
      feedbackWorkflowId(organizerId),
      '--name',
      'unskipTickets',
      '--input',
      '["id:T-1"]',
    ]);
    await eventually(async () => {
      const latest = (await completedFeedbackRuns(stack.client, organizerId)).at(-1);
      return latest && !latest.result.skipTickets.includes('id:T-1') ? true : undefined;
    }, 'a run without T-1 in the skip list');
    stack.tixngo.changes.append(ticket('T-1', 'ASSIGNED', 9));
    await eventually(
      async () => ((await stack.s360Api.getTicket('T-1'))?.mobileStatus === 'ASSIGNED' ? true : undefined),
      'T-1 to be applied again once unskipped',
    );
    const lastRun = (await completedFeedbackRuns(stack.client, organizerId)).at(-1);
    if (lastRun)
      await recordHistory('feedback-cron-run-with-skip', feedbackWorkflowId(organizerId), lastRun.runId);
    await unscheduleOrganizer(stack.client, organizerId, 'test finished');
  });
});

describe('the file-upload path', () => {
  it('applies a diff-format file once, through the same code, and refuses the same file twice', async () => {
    const stack = await startTestStack('import');
    stacks.push(stack);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'import-'));
    const file = path.join(dir, 'repair.json');
    writeFileSync(
      file,
      JSON.stringify({
        pagination: { nextPageKey: null },
        result: [
          ticket('T-1', 'ONLINE_ACTIVATED', 29), // replaced by the newer change of T-1 below
          ticket('T-1', 'CONTROLLED', 30),
          { ticketId: 'T-2', status: 'NOPE', statusChangedAt: 'x' },
        ],
      }),
    );
    const options = { organizerId: stack.organizerId, file, taskQueue: stack.taskQueue };
    const summary = await importDiffFile(stack.client, options);
    expect([summary.items, summary.applied, summary.rejected.map((item) => item.ticketId)]).toEqual([
      3,
      1,
      ['T-2'],
    ]);
    // Every item counted once: items = applied + unchanged + superseded + skipped + rejected.
    expect([summary.unchanged, summary.superseded, summary.skipped]).toEqual([0, 1, 0]);
    expect(formatImport(summary)).toContain(
      '3 item(s) = 1 applied + 0 unchanged + 1 superseded + 0 skipped + 1 rejected; 0 transfer step(s)',
    );
    expect((await stack.s360Api.getTicket('T-1'))?.mobileStatus).toBe('CONTROLLED');

    await expect(importDiffFile(stack.client, options)).rejects.toBeInstanceOf(FileAlreadyImportedError);
    const again = await importDiffFile(stack.client, { ...options, again: true });
    expect([again.applied, again.unchanged]).toEqual([0, 1]);
  });

  it('refuses a file that is not a diff response, saying what is wrong', async () => {
    const stack = await startTestStack('import-bad');
    stacks.push(stack);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'import-'));
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ tickets: [] }));
    await expect(
      importDiffFile(stack.client, { organizerId: stack.organizerId, file, taskQueue: stack.taskQueue }),
    ).rejects.toThrow(/broken\.json is not a TIXNGO diff response/);
  });
});
