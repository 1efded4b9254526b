/**
 * The fault suite's "bad input" section (issue #13): one kind of input an operator or TIXNGO can
 * send per line, each on its own stack, each checked for what it must never do — lose a change or
 * stall the organizer without a word. A kind passes when S-360 holds every valid change, every
 * rejected item is listed in the organizer's open rejections (kept, replayable), and the schedule
 * comes back to a drained run after the bad input.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { feedbackRunResult } from '../src/client/runResults';
import { scheduleOrganizer } from '../src/client/scheduleOrganizer';
import { validateDiffItem } from '../src/domain/diffItem';
import type { FaultPlanInput } from '../src/sim/tixngo/faults';
import type { FeedbackRunResult } from '../src/workflows/definitions';
import { feedbackWorkflowId } from '../src/workflows/ids';
import { checkState, expectedState, withViolations, type ActualState } from './support/checker';
import { startFaultStack, type FaultSettings, type FaultStack, type SuiteEnv } from './support/stack';

export const BAD_INPUT_KINDS = [
  'signal-shape',
  'skip-entry',
  'failed-run-signals',
  's360-unstorable',
  'schema-change',
  'many-rejections',
  'pagination-key',
  'email-variants',
  'keyless-transfers',
  'slow-tixngo',
  'refused-requests',
] as const;
export type BadInputKind = (typeof BAD_INPUT_KINDS)[number];

export interface BadInputOutcome {
  kind: BadInputKind;
  /** Valid tickets and distribution lines the served changes call for, plus the items to reject. */
  expected: number;
  /** Of those, what S-360 holds exactly as expected. */
  applied: number;
  /** Items to reject that the organizer's open rejections list (with their raw text). */
  rejectedVisible: number;
  rejectedExpected: number;
  /** Valid changes missing or older in S-360, rejected items not listed, changes applied against the rules. */
  lost: number;
  /** 1 when the schedule did not come back to a drained run after the bad input. */
  stalled: number;
  notes: string[];
  seconds: number;
}

/** What a kind served and what S-360 must then hold. */
interface Expectation {
  /** Tickets that must never reach S-360 (skipped by the operator). */
  notWritten?: string[];
  /** Ticket ids S-360 itself refuses: rejected, and listed like any invalid item. */
  refused?: string[];
  /** Lines are keyed by TIXNGO's transfer id; kinds without one check lines themselves. */
  distribution?: boolean;
  /** Further checks; each finding counts as lost. */
  check?: (stack: FaultStack) => Promise<string[]>;
  /** Expected items `check` verifies (lines it compares itself): counted as applied when it finds nothing. */
  checkedItems?: number;
  notes?: string[];
  /**
   * The organizer is expected to halt before the key moves (a page TIXNGO's schema change made
   * unusable), with a reason naming it; these tickets are then held back, not lost.
   */
  halt?: { heldTickets: string[]; reasonMentions: string };
}

interface KindPlan {
  settings?: FaultSettings;
  faults?: FaultPlanInput;
  /** Serves changes and sends signals, with the schedule running; returns what to expect. */
  drive(stack: FaultStack, context: DriveContext): Promise<Expectation>;
}

interface DriveContext {
  seed: number;
  log(line: string): void;
  /** Resolves once a run that started after this call has drained. */
  drainedRun(): Promise<void>;
}

const BASE_TIME = Date.parse('2026-12-01T08:00:00Z');
const at = (seconds: number): string => new Date(BASE_TIME + seconds * 1000).toISOString();

function ticket(
  ticketId: string,
  seconds: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ticketId,
    taxNumber: `9${ticketId.replace(/\D/g, '').padStart(11, '0')}`,
    status: 'DOWNLOADED',
    statusChangedAt: at(seconds),
    ...extra,
  };
}

/** `count` valid tickets `<prefix>-1…`, changed from `fromSecond` on. */
function tickets(prefix: string, count: number, fromSecond: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ticket(`${prefix}-${index + 1}`, fromSecond + index));
}

function transferStep(
  ticketId: string,
  seconds: number,
  status: 'PENDING_TRANSFER' | 'TRANSFERRED',
  transfer: { id?: string; senderEmail: string; recipientEmail: string },
): Record<string, unknown> {
  return ticket(ticketId, seconds, {
    status,
    transfer,
    ...(status === 'TRANSFERRED'
      ? { spectatorDetails: { firstName: 'New', lastName: 'Owner', email: transfer.recipientEmail } }
      : {}),
  });
}

async function signal(stack: FaultStack, name: string, payload: unknown): Promise<void> {
  await stack.client.workflow.getHandle(feedbackWorkflowId(stack.organizerId)).signal(name, payload);
}

const PLANS: Record<BadInputKind, KindPlan> = {
  /** Every signal with payloads of the wrong shape, mid-drain: refused with a warning, the feed goes on. */
  'signal-shape': {
    settings: { batchSize: 100 },
    async drive(stack, { seed, drainedRun }) {
      stack.tixngo.generate({ count: 150, transferShare: 0.1, seed, ticketPrefix: 'SIG-A' });
      await drainedRun();
      const payloads: unknown[] = [
        'id:T-1',
        42,
        null,
        { entries: ['id:T-1'] },
        [1, 2, 3],
        [['id:T-1']],
        Array.from({ length: 50_000 }, (_, index) => `id:MANY-${index}`),
        ['x'.repeat(100_000)],
      ];
      for (const name of ['skipTickets', 'unskipTickets', 'resolveRejections']) {
        for (const payload of payloads) await signal(stack, name, payload);
      }
      stack.tixngo.generate({ count: 150, transferShare: 0.1, seed: seed + 1, ticketPrefix: 'SIG-B' });
      return { notes: [`${3 * payloads.length} signals of the wrong shape`] };
    },
  },

  /** Skip entries the parser cannot use, and an unskip of them: refused; a valid skip in between holds. */
  'skip-entry': {
    settings: { batchSize: 100 },
    async drive(stack, { drainedRun }) {
      stack.tixngo.changes.append(...tickets('SKE-A', 50, 0));
      await drainedRun();
      for (const entries of [
        ['id:T#1'],
        ['id:'],
        [`id:${'x'.repeat(300)}`],
        [' , ,'],
        ['id:T#1', 'id:SKIP-ME'],
      ]) {
        await signal(stack, 'skipTickets', entries);
      }
      await signal(stack, 'unskipTickets', ['id:T#1']);
      await drainedRun(); // the skip is in force before SKIP-ME is served
      stack.tixngo.changes.append(ticket('SKIP-ME', 100), ...tickets('SKE-B', 50, 200));
      return { notWritten: ['SKIP-ME'] };
    },
  },

  /**
   * A run that fails (TIXNGO answers 401) after the operator skipped a ticket during it: the next
   * run still skips it.
   */
  'failed-run-signals': {
    settings: { batchSize: 100 },
    async drive(stack, { drainedRun, log }) {
      stack.tixngo.changes.append(...tickets('FRS-A', 50, 0));
      await drainedRun();
      // The next diff request is held 4 s, then answered 401: the run asking it fails.
      stack.tixngo.faults.next(['401']);
      const before = stack.tixngoProxy.forwarded();
      stack.tixngoProxy.setDelay(4000);
      await sleep(1500);
      await signal(stack, 'skipTickets', ['id:SKIP-9']);
      while (stack.tixngoProxy.forwarded() === before) await sleep(100);
      stack.tixngoProxy.setDelay(0);
      log('failed-run-signals: the held request was answered 401');
      const failed = await failedRunWithSignal(stack);
      stack.tixngo.changes.append(ticket('SKIP-9', 100), ...tickets('FRS-B', 50, 200));
      return {
        notes: [
          failed === undefined
            ? 'NOT SHOWN: no failed run was seen'
            : failed
              ? 'the run that failed had received the skip'
              : 'NOT SHOWN: the skip reached a run that did not fail',
        ],
        notWritten: ['SKIP-9'],
      };
    },
  },

  /**
   * Text S-360 cannot hold, in every field that carries text, and tickets S-360 refuses inside a bulk
   * write: those tickets rejected, the others of their page applied.
   */
  's360-unstorable': {
    settings: { batchSize: 50 },
    async drive(stack) {
      const bad = [
        ticket('UNS-NUL-HOLDER', 10, { holder: { firstName: 'Ann\u0000a', lastName: 'Keller' } }),
        ticket('UNS-SURROGATE', 11, { spectatorDetails: { firstName: 'Bad\ud800', lastName: 'Pair' } }),
        ticket('UNS-NUL-EXTRA', 12, { extraInfo: { ExtraInfo1: 'Block\u0000C' } }),
        ticket('UNS-NUL-KEY', 13, { extraInfo: { 'Extra\u0000Info': 'x' } }),
        ticket('UNS-NUL-BEACON', 14, { beaconName: 'Gate\u0000A' }),
        ticket('UNS-NUL-EVENT', 15, { eventId: 'EVT\u0000' }),
        ticket('UNS-NUL-TAX', 16, { taxNumber: '1234\u00005' }),
      ];
      // And tickets S-360 itself refuses when written: judged (422), or failing on them alone (500).
      const refused = ['UNS-REFUSED-422', 'UNS-FAILING-500'];
      stack.s360.refusals.refuse(['UNS-REFUSED-422'], { status: 422 });
      stack.s360.refusals.refuse(['UNS-FAILING-500'], { status: 500 });
      stack.tixngo.changes.append(
        ...tickets('UNS-A', 20, 0),
        ...bad,
        ticket('UNS-REFUSED-422', 17),
        ticket('UNS-FAILING-500', 18),
        ...tickets('UNS-B', 20, 100),
      );
      return { refused };
    },
  },

  /**
   * A page of a status TIXNGO added later: the run halts before the key moves, saying TIXNGO may have
   * changed its schema; that page and the ones after it are held back (visible), not lost.
   */
  'schema-change': {
    settings: { batchSize: 100 },
    async drive(stack) {
      const changed = Array.from({ length: 100 }, (_, index) =>
        ticket(`SCH-NEW-${index + 1}`, 100 + index, { status: 'RESALE_LISTED' }),
      );
      const after = tickets('SCH-AFTER', 50, 300);
      stack.tixngo.changes.append(...tickets('SCH-BEFORE', 100, 0), ...changed, ...after);
      return {
        halt: {
          heldTickets: [...changed, ...after].map((item) => item.ticketId as string),
          reasonMentions: 'schema',
        },
      };
    },
  },

  /** Far more rejected items than one page or the old 200-item list: every one kept open and listed. */
  'many-rejections': {
    settings: { batchSize: 200 },
    async drive(stack) {
      const items = Array.from({ length: 2000 }, (_, index) =>
        index % 3 === 0
          ? ticket(`MR-${index}`, index, { statusChangedAt: 'yesterday' })
          : ticket(`MR-${index}`, index),
      );
      stack.tixngo.changes.append(...items);
      return {};
    },
  },

  /**
   * TIXNGO capping its pages below the batch size, and answering `""` as the last page's key: the
   * backlog drains in one run, and the saved key stays at the last real one.
   */
  'pagination-key': {
    settings: { batchSize: 500 },
    faults: { pageCap: 100, endKey: 'empty' },
    async drive(stack) {
      stack.tixngo.changes.append(...tickets('PK', 1000, 0));
      return {
        async check(fault) {
          const runs = (await runsClosedSince(fault, 0)).map((run) => run.result);
          const findings: string[] = [];
          const first = runs.find((run) => run.items > 0);
          if (first && first.items < 1000)
            findings.push(
              `the first run read ${first.items} of 1000 items: a capped page was taken as the end`,
            );
          const newest = runs.at(-1);
          if (newest && !newest.paginationKey)
            findings.push(
              `the saved key is ${JSON.stringify(newest.paginationKey)}: the next run starts over`,
            );
          return findings;
        },
      };
    },
  },

  /** One sender, six recipients written in six case variants of one address: one contact, six lines. */
  'email-variants': {
    settings: { batchSize: 100 },
    async drive(stack) {
      const variants = [
        'Carla.X@example.test',
        'carla.x@example.test',
        'CARLA.X@EXAMPLE.TEST',
        'carla.X@Example.Test',
        'Carla.x@EXAMPLE.test',
        'cArLa.x@example.TEST',
      ];
      stack.tixngo.changes.append(
        ...variants.map((recipientEmail, index) =>
          transferStep(`EV-${index + 1}`, index, 'PENDING_TRANSFER', {
            id: `ev-transfer-${index + 1}`,
            senderEmail: 'anna.ev@example.test',
            recipientEmail,
          }),
        ),
      );
      return {
        async check(fault) {
          const { rows } = await fault.pg.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM ${fault.schema}.contacts WHERE lower(email) = 'carla.x@example.test'`,
          );
          const contacts = rows[0]?.count ?? 0;
          return contacts === 1 ? [] : [`${contacts} contacts for carla.x@example.test, expected 1`];
        },
      };
    },
  },

  /** A→B, B→A, A→B again, with neither a transfer id nor initiatedAt, each in its own run: three lines. */
  'keyless-transfers': {
    settings: { batchSize: 100 },
    async drive(stack, { drainedRun }) {
      const anna = 'anna.kl@example.test';
      const ben = 'ben.kl@example.test';
      const legs: [string, string][] = [
        [anna, ben],
        [ben, anna],
        [anna, ben],
      ];
      for (const [index, [senderEmail, recipientEmail]] of legs.entries()) {
        stack.tixngo.changes.append(
          transferStep('KL-1', 100 * index, 'PENDING_TRANSFER', { senderEmail, recipientEmail }),
          transferStep('KL-1', 100 * index + 10, 'TRANSFERRED', { senderEmail, recipientEmail }),
        );
        await drainedRun();
      }
      return {
        distribution: false,
        checkedItems: 3,
        async check(fault) {
          const { rows } = await fault.pg.query<{ status: string }>(
            `SELECT status FROM ${fault.schema}.distribution_lines WHERE ticket_id = 'KL-1' ORDER BY occurred_at`,
          );
          const statuses = rows.map((row) => row.status).join(',');
          return statuses === 'CONFIRMED,CONFIRMED,CONFIRMED'
            ? []
            : [`KL-1 has lines [${statuses}], expected three CONFIRMED`];
        },
      };
    },
  },

  /** TIXNGO answering every diff request after 20 s (beyond the 15 s heartbeat timeout), within its time-out. */
  'slow-tixngo': {
    settings: { batchSize: 100, tixngo: { timeoutMs: 30_000 } },
    faults: { slowRate: 1, slowMs: 20_000 },
    async drive(stack, { seed }) {
      stack.tixngo.generate({ count: 120, transferShare: 0.05, seed, ticketPrefix: 'SLOW' });
      return {};
    },
  },

  /** TIXNGO refusing requests a retry cannot fix (400, then 403) for a while: failed runs, then it goes on. */
  'refused-requests': {
    settings: { batchSize: 100 },
    async drive(stack, { drainedRun }) {
      stack.tixngo.changes.append(...tickets('REF-A', 50, 0));
      await drainedRun();
      stack.tixngo.faults.next(['400', '403', '400']);
      stack.tixngo.changes.append(...tickets('REF-B', 50, 100));
      return {};
    },
  },
};

/**
 * Waits (up to 30 s) for the organizer's failed run to be listed; whether its history holds a
 * signal (undefined: no failed run was seen).
 */
async function failedRunWithSignal(stack: FaultStack): Promise<boolean | undefined> {
  const query = `WorkflowId = '${feedbackWorkflowId(stack.organizerId)}' AND ExecutionStatus = 'Failed'`;
  for (let tries = 0; tries < 60; tries += 1) {
    for await (const execution of stack.client.workflow.list({ query })) {
      const history = await stack.client.workflow
        .getHandle(execution.workflowId, execution.runId)
        .fetchHistory();
      return (history.events ?? []).some((event) => event.workflowExecutionSignaledEventAttributes);
    }
    await sleep(500);
  }
  return undefined;
}

async function countRuns(stack: FaultStack, status: 'Failed' | 'Completed'): Promise<number> {
  const query = `WorkflowId = '${feedbackWorkflowId(stack.organizerId)}' AND ExecutionStatus = '${status}'`;
  return (await stack.client.workflow.count(query)).count;
}

/**
 * The organizer's runs closed after `since` (ms), with their results, oldest first. Read through a
 * visibility query, so the cost stays with the runs asked for, not with every run of the schedule.
 */
async function runsClosedSince(
  stack: FaultStack,
  since: number,
): Promise<{ closedAt: number; result: FeedbackRunResult }[]> {
  const query =
    `WorkflowId = '${feedbackWorkflowId(stack.organizerId)}' AND ExecutionStatus != 'Running' ` +
    `AND CloseTime > '${new Date(since).toISOString()}'`;
  const runs: { runId: string; closedAt: number }[] = [];
  for await (const execution of stack.client.workflow.list({ query })) {
    runs.push({ runId: execution.runId, closedAt: execution.closeTime?.getTime() ?? 0 });
  }
  runs.sort((a, b) => a.closedAt - b.closedAt);
  const results = await Promise.all(
    runs.map(async (run) => ({
      closedAt: run.closedAt,
      result: await feedbackRunResult(stack.client, stack.organizerId, run.runId).catch(() => undefined),
    })),
  );
  return results.flatMap((run) => (run.result ? [{ closedAt: run.closedAt, result: run.result }] : []));
}

/** Every change TIXNGO holds for the organizer, as served. */
function served(stack: FaultStack): unknown[] {
  return Array.from({ length: stack.tixngo.changes.size }, (_, index) => stack.tixngo.changes.at(index));
}

function withoutTickets(state: ActualState, ticketIds: ReadonlySet<string>): ActualState {
  return {
    tickets: state.tickets.filter((t) => !ticketIds.has(t.ticketId)),
    lines: state.lines.filter((line) => !ticketIds.has(line.ticketId)),
  };
}

/** Ticket ids the newest finished run lists as open rejections. */
async function openRejectionIds(stack: FaultStack): Promise<Set<string>> {
  const runs = await runsClosedSince(stack, Date.now() - 10_000);
  const newest: FeedbackRunResult | undefined = runs.at(-1)?.result;
  return new Set((newest?.openRejections ?? []).flatMap((item) => item.ticketId ?? []));
}

/** Runs one kind on its own stack and schedule (`@every 1s`). */
export async function runBadInput(
  env: SuiteEnv,
  kind: BadInputKind,
  options: { seed: number; log(line: string): void; timeoutMs?: number },
): Promise<BadInputOutcome> {
  const started = Date.now();
  const plan = PLANS[kind];
  const timeoutMs = options.timeoutMs ?? 240_000;
  const stack = await startFaultStack(env, {
    name: `bad-${kind}`,
    settings: plan.settings,
    faults: plan.faults,
  });
  try {
    await stack.startWorker();
    await scheduleOrganizer(stack.client, {
      organizerId: stack.organizerId,
      taskQueue: stack.taskQueue,
      cronSchedule: '@every 1s',
    });
    const drainedSince = async (since: number): Promise<boolean> =>
      (await runsClosedSince(stack, since + 1500)).some((run) => run.result.stoppedBy === 'drained');
    const drainedRun = async (): Promise<void> => {
      const since = Date.now();
      const deadline = since + timeoutMs;
      while (!(await drainedSince(since))) {
        if (Date.now() > deadline) throw new StalledError(kind);
        await sleep(500);
      }
    };

    let expectation: Expectation;
    let stalled = 0;
    try {
      expectation = await plan.drive(stack, { seed: options.seed, log: options.log, drainedRun });
    } catch (error) {
      if (!(error instanceof StalledError)) throw error;
      expectation = { notes: ['stalled while serving the bad input'] };
      stalled = 1;
    }

    const items = served(stack);
    const held = new Set(expectation.halt?.heldTickets ?? []);
    const notWritten = new Set([...(expectation.notWritten ?? []), ...held]);
    const refused = new Set(expectation.refused ?? []);
    const toReject = new Set(refused);
    items.forEach((item) => {
      const checked = validateDiffItem(item);
      if (!checked.ok && checked.rejected.ticketId && !held.has(checked.rejected.ticketId))
        toReject.add(checked.rejected.ticketId);
    });
    const expected = expectedState(
      items.filter((item) => {
        const id = (item as { ticketId?: unknown }).ticketId;
        return typeof id !== 'string' || (!notWritten.has(id) && !refused.has(id));
      }),
      { distribution: expectation.distribution ?? true },
    );

    // Lines the kind checks itself are left out of the comparison, like the tickets not to be written.
    const actualFor = (state: ActualState): ActualState => {
      const kept = withoutTickets(state, notWritten);
      return expectation.distribution === false ? { ...kept, lines: [] } : kept;
    };
    // Wait for a drained run after everything was served, S-360 as expected and every rejection listed.
    const since = Date.now();
    const deadline = since + timeoutMs;
    // S-360's invariants (issue 14) count as `wrong`, on the tickets the comparison keeps.
    const check = async () =>
      withViolations(
        checkState(expected, actualFor(await stack.readState())),
        (await stack.violations()).filter(
          (violation) => !violation.ticketId || !notWritten.has(violation.ticketId),
        ),
      );
    let report = await check();
    let visible = await openRejectionIds(stack);
    let extra: string[] = [];
    let drained = false;
    const haltedVisibly = async (): Promise<boolean> =>
      (await runsClosedSince(stack, since)).some(
        (run) =>
          run.result.stoppedBy === 'halted' &&
          (run.result.halt ?? '').includes(expectation.halt?.reasonMentions ?? ''),
      );
    while (stalled === 0) {
      drained = drained || (expectation.halt ? await haltedVisibly() : await drainedSince(since));
      report = await check();
      visible = await openRejectionIds(stack);
      extra = expectation.check ? await expectation.check(stack) : [];
      const allVisible = [...toReject].every((id) => visible.has(id));
      if (drained && report.lost + report.wrong + report.duplicated === 0 && allVisible && extra.length === 0)
        break;
      if (Date.now() > deadline) {
        if (!drained) stalled = 1;
        break;
      }
      await sleep(1000);
    }
    const writtenAgainstSkip = (await stack.readState()).tickets.filter((t) => notWritten.has(t.ticketId));
    const rejectedVisible = [...toReject].filter((id) => visible.has(id)).length;
    const notes = [...(expectation.notes ?? [])];
    if (held.size > 0) notes.push(`${held.size} item(s) held back before the key, the halt saying why`);
    for (const finding of report.findings.slice(0, 5))
      notes.push(`${finding.kind}: ${finding.item}: ${finding.detail}`);
    notes.push(...extra);
    if (writtenAgainstSkip.length > 0)
      notes.push(`skipped ticket(s) written: ${writtenAgainstSkip.map((t) => t.ticketId).join(', ')}`);
    const failedRuns = await countRuns(stack, 'Failed');
    if (failedRuns > 0) notes.push(`${failedRuns} failed run(s)`);
    const failedTransfers = (
      await stack.client.workflow.count(
        `OrganizerId = '${stack.organizerId}' AND WorkflowType = 'transferWorkflow' AND ExecutionStatus = 'Failed'`,
      )
    ).count;
    if (failedTransfers > 0) notes.push(`${failedTransfers} failed transfer workflow(s)`);
    return {
      kind,
      expected: report.expected + toReject.size + (expectation.checkedItems ?? 0),
      applied: report.applied + (extra.length === 0 ? (expectation.checkedItems ?? 0) : 0),
      rejectedVisible,
      rejectedExpected: toReject.size,
      lost:
        report.lost +
        report.wrong +
        report.duplicated +
        (toReject.size - rejectedVisible) +
        writtenAgainstSkip.length +
        extra.length +
        failedTransfers,
      stalled,
      notes,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await stack.client.workflow
      .getHandle(feedbackWorkflowId(stack.organizerId))
      .terminate('fault suite: checked')
      .catch(() => undefined);
    await stack.stop();
  }
}

class StalledError extends Error {
  constructor(kind: string) {
    super(`${kind}: no drained run came back`);
  }
}

/** One line of figures per kind. */
export function formatBadInput(outcome: BadInputOutcome): string {
  return (
    `${outcome.kind.padEnd(19)} expected ${outcome.expected} / applied ${outcome.applied} / ` +
    `rejected-and-visible ${outcome.rejectedVisible} of ${outcome.rejectedExpected} / lost ${outcome.lost} / ` +
    `stalled ${outcome.stalled}  (${[...outcome.notes, `${outcome.seconds} s`].join('; ')})`
  );
}
