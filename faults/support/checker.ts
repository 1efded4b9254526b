/**
 * The fault suite's checker: the S-360 end state the served TIXNGO changes call for, against the
 * one S-360 holds, item by item. Pure (no I/O), so jest tests it on hand-made states.
 */
import { isNewerChange } from '../../src/domain/changeOrder';
import { validateDiffItem, type DiffItem } from '../../src/domain/diffItem';
import { normalizeStatus } from '../../src/domain/lifecycleStatus';
import type { Violation } from '../../src/sim/s360/invariants';

export type LineStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

export interface ExpectedTicket {
  status: string;
  statusChangedAt: string;
}

export interface ExpectedState {
  /** Per ticket, its newest valid change (newest statusChangedAt wins). */
  tickets: Map<string, ExpectedTicket>;
  /** Per transfer (`<ticketId>|<transferId>`), the status of its one distribution line. */
  lines: Map<string, LineStatus>;
  /** Items served that fail validation: never applied, to be reported as rejected. */
  rejected: number;
  /** Items served in all. */
  served: number;
}

export interface ActualTicket {
  ticketId: string;
  mobileStatus: string | null;
  statusChangedAt: string | null;
  statusHistory: { status: string; at: string }[];
}

export interface ActualLine {
  ticketId: string;
  transferId: string | null;
  status: string;
}

export interface ActualState {
  tickets: ActualTicket[];
  lines: ActualLine[];
}

export type FindingKind = 'lost' | 'duplicated' | 'wrong';

export interface Finding {
  kind: FindingKind;
  item: string;
  detail: string;
}

export interface CheckReport {
  /** Tickets plus distribution lines expected. */
  expected: number;
  /** Expected items S-360 holds exactly as expected (once, right status, right time). */
  applied: number;
  lost: number;
  duplicated: number;
  wrong: number;
  findings: Finding[];
}

const LINE_STATUS: Record<string, LineStatus | undefined> = {
  PENDING_TRANSFER: 'PENDING',
  PENDING: 'PENDING',
  TRANSFERRED: 'CONFIRMED',
  FAILURE_TRANSFER: 'CANCELLED',
  FAILURE: 'CANCELLED',
};

const lineKey = (ticketId: string, transferId: string): string => `${ticketId}|${transferId}`;

/** The expected end state of a sequence of served items (raw, as TIXNGO sent them). */
export function expectedState(
  served: Iterable<unknown>,
  options: { distribution?: boolean } = {},
): ExpectedState {
  const newest = new Map<string, DiffItem>();
  const newestTransfer = new Map<string, DiffItem>();
  let rejected = 0;
  let count = 0;
  for (const raw of served) {
    count += 1;
    const validation = validateDiffItem(raw);
    if (!validation.ok) {
      rejected += 1;
      continue;
    }
    const item = validation.item;
    const known = newest.get(item.ticketId);
    // The product's one rule (SPEC §10; at the same time, the later lifecycle stage).
    const changeOf = (of: typeof item) => ({
      status: normalizeStatus(of.status),
      statusChangedAt: of.statusChangedAt,
    });
    if (!known || isNewerChange(changeOf(item), changeOf(known))) {
      newest.set(item.ticketId, item);
    }
    if (item.transfer && LINE_STATUS[item.status]) {
      const key = lineKey(item.ticketId, item.transfer.id ?? '');
      const before = newestTransfer.get(key);
      if (!before || Date.parse(before.statusChangedAt) < Date.parse(item.statusChangedAt)) {
        newestTransfer.set(key, item);
      }
    }
  }
  const tickets = new Map<string, ExpectedTicket>();
  for (const [ticketId, item] of newest) {
    tickets.set(ticketId, { status: item.status, statusChangedAt: item.statusChangedAt });
  }
  const lines = new Map<string, LineStatus>();
  if (options.distribution ?? true) {
    for (const [key, item] of newestTransfer) {
      const status = LINE_STATUS[item.status];
      if (status) lines.set(key, status);
    }
  }
  return { tickets, lines, rejected, served: count };
}

/** Compares S-360's state to the expected one; lists every lost, duplicated or wrong item. */
export function checkState(expected: ExpectedState, actual: ActualState): CheckReport {
  const findings: Finding[] = [];
  let applied = 0;
  const actualTickets = new Map<string, ActualTicket>();
  for (const ticket of actual.tickets) {
    if (actualTickets.has(ticket.ticketId)) {
      findings.push({ kind: 'duplicated', item: `ticket ${ticket.ticketId}`, detail: 'stored twice' });
    }
    actualTickets.set(ticket.ticketId, ticket);
  }

  for (const [ticketId, want] of expected.tickets) {
    const item = `ticket ${ticketId}`;
    const have = actualTickets.get(ticketId);
    if (!have || have.statusChangedAt === null) {
      findings.push({
        kind: 'lost',
        item,
        detail: `absent, expected ${want.status} at ${want.statusChangedAt}`,
      });
      continue;
    }
    const repeated = repeatedEntries(have.statusHistory);
    if (repeated.length > 0) {
      findings.push({ kind: 'duplicated', item, detail: `status history repeats ${repeated.join(', ')}` });
      continue;
    }
    const haveAt = Date.parse(have.statusChangedAt);
    const wantAt = Date.parse(want.statusChangedAt);
    if (haveAt < wantAt) {
      findings.push({
        kind: 'lost',
        item,
        detail: `holds ${have.mobileStatus} at ${have.statusChangedAt}, older than ${want.status} at ${want.statusChangedAt}`,
      });
    } else if (haveAt > wantAt || have.mobileStatus !== want.status) {
      findings.push({
        kind: 'wrong',
        item,
        detail: `holds ${have.mobileStatus} at ${have.statusChangedAt}, expected ${want.status} at ${want.statusChangedAt}`,
      });
    } else {
      applied += 1;
    }
  }
  for (const ticketId of actualTickets.keys()) {
    if (!expected.tickets.has(ticketId)) {
      findings.push({
        kind: 'wrong',
        item: `ticket ${ticketId}`,
        detail: 'in S-360 but never validly served',
      });
    }
  }

  const actualLines = new Map<string, string[]>();
  for (const line of actual.lines) {
    // A line's key is TIXNGO's id and `~<parties' digest>` (src/activities/transferKeys.ts).
    const key = lineKey(line.ticketId, (line.transferId ?? '').replace(/~[0-9a-f]{16}$/, ''));
    actualLines.set(key, [...(actualLines.get(key) ?? []), line.status]);
  }
  for (const [key, want] of expected.lines) {
    const item = `line ${key}`;
    const have = actualLines.get(key) ?? [];
    if (have.length === 0) findings.push({ kind: 'lost', item, detail: `absent, expected ${want}` });
    else if (have.length > 1)
      findings.push({ kind: 'duplicated', item, detail: `${have.length} lines: ${have.join(', ')}` });
    else if (have[0] !== want) findings.push({ kind: 'wrong', item, detail: `${have[0]}, expected ${want}` });
    else applied += 1;
  }
  for (const [key, statuses] of actualLines) {
    if (!expected.lines.has(key)) {
      findings.push({ kind: 'wrong', item: `line ${key}`, detail: `unexpected: ${statuses.join(', ')}` });
    }
  }

  const count = (kind: FindingKind): number => findings.filter((finding) => finding.kind === kind).length;
  return {
    expected: expected.tickets.size + expected.lines.size,
    applied,
    lost: count('lost'),
    duplicated: count('duplicated'),
    wrong: count('wrong'),
    findings,
  };
}

function repeatedEntries(history: readonly { status: string; at: string }[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const entry of history) {
    const key = `${entry.status}@${new Date(entry.at).toISOString()}`;
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return repeated;
}

export function isClean(report: CheckReport): boolean {
  return report.lost === 0 && report.duplicated === 0 && report.wrong === 0;
}

/**
 * The report with every S-360 invariant violation (issue 14) added as a `wrong` finding, item
 * `invariant <rule>` and the ticket or contacts it names.
 */
export function withViolations(report: CheckReport, violations: readonly Violation[]): CheckReport {
  if (violations.length === 0) return report;
  const findings: Finding[] = [
    ...report.findings,
    ...violations.map((violation) => ({
      kind: 'wrong' as const,
      item: `invariant ${violation.rule} ${
        violation.ticketId
          ? `ticket ${violation.ticketId}`
          : `contact ${violation.contactIds?.join(', ') ?? ''}`
      }`,
      detail: violation.detail,
    })),
  ];
  return { ...report, wrong: report.wrong + violations.length, findings };
}
