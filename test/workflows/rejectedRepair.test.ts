import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDiffFile } from '../../src/client/importDiffFile';
import { organizerStatus } from '../../src/client/organizerStatus';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { eventually } from '../support/env';
import { writeRejectedFile } from '../../src/cli/rejectedFile';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('repair');
});
afterAll(async () => {
  await stack.stop();
});

describe('repairing rejected items', () => {
  it('status lists the open rejections, writes them as a diff file, and the fixed file imports', async () => {
    stack.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 0), ticket('T-2', 'DOWNLAODED', 1));
    const { organizerId, taskQueue } = stack;
    await scheduleOrganizer(stack.client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
    const status = await eventually(async () => {
      const current = await organizerStatus(stack.client, organizerId);
      return current.lastRun ? current : undefined;
    }, 'a first finished run');
    expect(status.executionStatus).toBe('RUNNING');
    const open = status.lastRun?.result.openRejections ?? [];
    expect(open.map((item) => [item.ticketId, item.path])).toEqual([['T-2', 'status']]);

    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'repair-')), 'rejected.json');
    expect(await writeRejectedFile(file, open)).toBe(1);
    const fixed = readFileSync(file, 'utf8').replace('DOWNLAODED', 'DOWNLOADED');
    writeFileSync(file, fixed);

    const summary = await importDiffFile(stack.client, {
      organizerId: stack.organizerId,
      file,
      taskQueue: stack.taskQueue,
    });
    expect([summary.applied, summary.rejected.length]).toEqual([1, 0]);
    expect((await stack.s360Api.getTicket('T-2'))?.mobileStatus).toBe('DOWNLOADED');

    // The import told the schedule: later runs no longer report T-2.
    await eventually(async () => {
      const latest = (await organizerStatus(stack.client, organizerId)).lastRun;
      return latest && latest.result.openRejections.length === 0 ? true : undefined;
    }, 'a run with no open rejection');
    await unscheduleOrganizer(stack.client, organizerId, 'test finished');
  });
});
