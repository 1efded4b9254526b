import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDiffFile } from '../../src/client/importDiffFile';
import { organizerStatus } from '../../src/client/organizerStatus';
import { runOnce } from '../../src/client/runOnce';
import { completedFeedbackRuns } from '../../src/client/runResults';
import { resolveRejections } from '../../src/client/resolveRejections';
import { rejectionRef } from '../../src/domain/rejectionRef';
import { formatStatus } from '../../src/cli/format';
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

  it('a rejection naming no ticket closes by its reference from status (resolve), and a wrong reference is a warning', async () => {
    const other = await startTestStack('repair-unnamed');
    try {
      const { organizerId, taskQueue } = other;
      // An item without ticketId nor taxNumber: nothing names it but its reference.
      other.tixngo.changes.append(ticket('U-1', 'DOWNLOADED', 0), {
        status: 'DOWNLOADED',
        statusChangedAt: '2026-11-20T10:00:00Z',
      });
      await scheduleOrganizer(other.client, { organizerId, taskQueue, cronSchedule: '@every 1s' });
      const status = await eventually(async () => {
        const current = await organizerStatus(other.client, organizerId);
        return current.lastRun?.result.openRejections.length ? current : undefined;
      }, 'a run with the open rejection');
      const [open] = status.lastRun?.result.openRejections ?? [];
      expect(open?.ticketId).toBeUndefined();
      expect(open?.taxNumber).toBeUndefined();
      if (!open) throw new Error('no open rejection');
      const ref = rejectionRef(open);
      expect(ref).toMatch(/^#[0-9a-f]{12}$/);
      expect(formatStatus(status)).toContain(`${ref}  (no ticket id, item 1 of its page)`);

      const wrong = '#000000000000';
      // A reference in capitals is the same reference; a ticket id with no open rejection is said too.
      await resolveRejections(other.client, organizerId, [ref.toUpperCase(), wrong, 'NO-SUCH']);
      const after = await eventually(async () => {
        const latest = (await organizerStatus(other.client, organizerId)).lastRun;
        return latest && latest.result.openRejections.length === 0 ? latest : undefined;
      }, 'a run with no open rejection');
      await unscheduleOrganizer(other.client, organizerId, 'test finished');
      expect(after.result.openRejections).toEqual([]);
      // The run that got the signal said so (a later run need not): looked for in the newest runs.
      const runs = await completedFeedbackRuns(other.client, organizerId, { newest: 20 });
      const warnings = runs.flatMap((run) => run.result.warnings);
      expect(warnings.filter((warning) => warning.includes(wrong))).toEqual([
        `resolveRejections: no open rejection ${wrong}, "NO-SUCH" (closed already, or mistyped; \`status\` lists the open ones with their references); nothing closed for them.`,
      ]);
    } finally {
      await other.stop();
    }
  });

  it('resolve refuses an entry that looks like a reference and is not one, before sending anything', async () => {
    await expect(resolveRejections(stack.client, stack.organizerId, ['#abc'])).rejects.toThrow(
      /is not a rejection reference/,
    );
  });
});

describe('a valid change closes a rejection only if it is not older (issue 13; as an import)', () => {
  it('an older change of the ticket applies and leaves the newer rejected change open; a newer one closes it', async () => {
    const other = await startTestStack('repair-older');
    try {
      const { organizerId, taskQueue } = other;
      const go = () => runOnce(other.client, { organizerId, taskQueue });
      other.tixngo.changes.append(ticket('T-1', 'RESALE_LISTED', 30));
      expect((await go()).openRejections.map((item) => [item.ticketId, item.path])).toEqual([
        ['T-1', 'status'],
      ]);

      // Served late: a change older than the rejected one. Applied, but it does not stand for it.
      other.tixngo.changes.append(ticket('T-1', 'DOWNLOADED', 10));
      const second = await go();
      expect(second.applied).toBe(1);
      expect(second.openRejections.map((item) => [item.ticketId, item.path])).toEqual([['T-1', 'status']]);
      expect((await other.s360Api.getTicket('T-1'))?.mobileStatus).toBe('DOWNLOADED');

      other.tixngo.changes.append(ticket('T-1', 'ACTIVATED', 40));
      expect((await go()).openRejections).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
