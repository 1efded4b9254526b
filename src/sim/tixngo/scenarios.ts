import type { LifecycleStatus } from '../../domain/lifecycleStatus';
import type { DiffItem } from '../../domain/diffItem';
import { PEOPLE, type PersonName } from './people';

/**
 * Scripted ticket stories, as data: a ticket's statuses over time with who owns it, who holds it
 * and which transfer is under way. `scenarioChanges` turns a scenario into the diff items TIXNGO
 * would return, in time order.
 */
export interface TimelineStep {
  status: LifecycleStatus;
  /** Minutes after the scenario starts. */
  atMinute: number;
  /** Wallet owner after this step (on TRANSFERRED: the recipient). */
  owner?: PersonName;
  /** Assignee after this step. */
  holder?: PersonName;
  /** The transfer this step belongs to; its start time is the step that first names it. */
  transfer?: { id: string; from: PersonName; to: PersonName };
  beaconName?: string;
  extraInfo?: Record<string, string>;
}

export interface TicketTimeline {
  /** Suffix of the ticket id (the scenario's prefix goes before it). */
  ticket: string;
  taxNumber: string;
  /** What the story shows, in words. */
  story: string;
  steps: TimelineStep[];
}

export interface Scenario {
  name: string;
  description: string;
  tickets: TicketTimeline[];
}

const EVENT_ID = 'EVT-FINAL-2026';

function timeline(ticket: string, taxNumber: string, story: string, steps: TimelineStep[]): TicketTimeline {
  return { ticket, taxNumber, story, steps };
}

/** The start every story shares: injected, then downloaded into Anna's wallet. */
const delivered = (owner: PersonName = 'anna'): TimelineStep[] => [
  { status: 'INJECTED', atMinute: 0 },
  { status: 'DOWNLOADED', atMinute: 5, owner },
];

const transferSteps = (
  id: string,
  from: PersonName,
  to: PersonName,
  startMinute: number,
  end: { status: LifecycleStatus; afterMinutes: number } | undefined,
  startStatus: LifecycleStatus = 'PENDING_TRANSFER',
): TimelineStep[] => {
  const steps: TimelineStep[] = [
    { status: startStatus, atMinute: startMinute, owner: from, transfer: { id, from, to } },
  ];
  if (end) {
    steps.push({
      status: end.status,
      atMinute: startMinute + end.afterMinutes,
      owner: end.status === 'TRANSFERRED' ? to : from,
      transfer: { id, from, to },
    });
  }
  return steps;
};

const TICKETS = {
  injected: timeline('INJ-1', '200000000001', 'injected, never downloaded', [
    { status: 'INJECTED', atMinute: 0 },
  ]),
  downloaded: timeline('DL-1', '200000000002', 'downloaded into Anna’s wallet', delivered()),
  assigned: timeline('ASG-1', '200000000003', 'Anna assigns the ticket to Ben (his name on it)', [
    ...delivered(),
    { status: 'ASSIGNED', atMinute: 10, owner: 'anna', holder: 'ben', extraInfo: { ExtraInfo1: 'Block C' } },
  ]),
  transferAccepted: timeline('TRA-1', '200000000004', 'Anna transfers to Carla, Carla accepts', [
    ...delivered(),
    ...transferSteps('TR-TRA-1', 'anna', 'carla', 20, { status: 'TRANSFERRED', afterMinutes: 12 }),
  ]),
  transferRejected: timeline('TRR-1', '200000000005', 'Anna transfers to David, David rejects', [
    ...delivered(),
    ...transferSteps('TR-TRR-1', 'anna', 'david', 20, { status: 'FAILURE_TRANSFER', afterMinutes: 7 }),
  ]),
  transferCancelled: timeline('TRC-1', '200000000006', 'Anna transfers to Emma, then cancels it', [
    ...delivered(),
    ...transferSteps('TR-TRC-1', 'anna', 'emma', 20, { status: 'FAILURE_TRANSFER', afterMinutes: 2 }),
  ]),
  transferExpired: timeline(
    'TRX-1',
    '200000000007',
    'Anna transfers to Felix, who never accepts: the organizer’s time-out (1 hour) cancels it',
    [
      ...delivered(),
      ...transferSteps('TR-TRX-1', 'anna', 'felix', 20, { status: 'FAILURE', afterMinutes: 61 }),
    ],
  ),
  transferPending: timeline('TRP-1', '200000000008', 'Anna transfers to Carla; nothing more yet', [
    ...delivered(),
    ...transferSteps('TR-TRP-1', 'anna', 'carla', 20, undefined),
  ]),
  legacyPending: timeline('LEG-1', '200000000009', 'a transfer reported with the legacy PENDING status', [
    ...delivered(),
    ...transferSteps('TR-LEG-1', 'anna', 'ben', 20, { status: 'TRANSFERRED', afterMinutes: 3 }, 'PENDING'),
  ]),
  sentBack: timeline(
    'BACK-1',
    '200000000010',
    'Anna → Ben → Anna: the ticket comes back to its first owner',
    [
      ...delivered(),
      ...transferSteps('TR-BACK-1', 'anna', 'ben', 20, { status: 'TRANSFERRED', afterMinutes: 5 }),
      ...transferSteps('TR-BACK-2', 'ben', 'anna', 40, { status: 'TRANSFERRED', afterMinutes: 5 }),
    ],
  ),
  bounce: timeline(
    'BNC-1',
    '200000000011',
    'two transfers in quick succession: PENDING_TRANSFER → TRANSFERRED → PENDING_TRANSFER',
    [
      ...delivered(),
      ...transferSteps('TR-BNC-1', 'anna', 'ben', 20, { status: 'TRANSFERRED', afterMinutes: 1 }),
      ...transferSteps('TR-BNC-2', 'ben', 'carla', 22, undefined),
    ],
  ),
  activatedBt: timeline('ACT-BT', '200000000012', 'activated by Bluetooth beacon at the gate', [
    ...delivered(),
    { status: 'BT_ACTIVATED', atMinute: 90, owner: 'anna', beaconName: 'Gate A beacon 3' },
  ]),
  activatedManual: timeline('ACT-MAN', '200000000013', 'activated manually in the app', [
    ...delivered(),
    { status: 'MANUAL_ACTIVATED', atMinute: 90, owner: 'anna' },
  ]),
  activatedOffline: timeline('ACT-OFF', '200000000014', 'activated offline (time-based)', [
    ...delivered(),
    { status: 'OFFLINE_ACTIVATED', atMinute: 90, owner: 'anna' },
  ]),
  activatedOnline: timeline('ACT-ON', '200000000015', 'activated online', [
    ...delivered(),
    { status: 'ONLINE_ACTIVATED', atMinute: 90, owner: 'anna' },
  ]),
  controlled: timeline('CTL-1', '200000000016', 'activated, then controlled at the gate', [
    ...delivered(),
    { status: 'ONLINE_ACTIVATED', atMinute: 90, owner: 'anna' },
    { status: 'CONTROLLED', atMinute: 95, owner: 'anna', beaconName: 'Gate A' },
  ]),
  deleted: timeline('DEL-1', '200000000017', 'invalidated in S-360: deletion pending, then deleted', [
    ...delivered(),
    { status: 'DELETION_PENDING', atMinute: 30, owner: 'anna' },
    { status: 'DELETED', atMinute: 32, owner: 'anna' },
  ]),
  technical: timeline('TEC-1', '200000000018', 'generic statuses: ACTIVATED, DEACTIVATED, DEFAULT, INVALID', [
    ...delivered(),
    { status: 'ACTIVATED', atMinute: 60, owner: 'anna' },
    { status: 'DEACTIVATED', atMinute: 61, owner: 'anna' },
    { status: 'DEFAULT', atMinute: 62, owner: 'anna' },
    { status: 'INVALID', atMinute: 63, owner: 'anna' },
  ]),
} as const satisfies Record<string, TicketTimeline>;

function scenario(name: string, description: string, tickets: TicketTimeline[]): Scenario {
  return { name, description, tickets };
}

/** Every scripted scenario, by name. `event-day` plays them all at once. */
export const SCENARIOS = {
  injection: scenario('injection', 'a ticket injected into TIXNGO', [TICKETS.injected]),
  download: scenario('download', 'a ticket downloaded into a wallet', [TICKETS.downloaded]),
  assignment: scenario('assignment', 'a ticket assigned to a holder', [TICKETS.assigned]),
  'transfer-accepted': scenario('transfer-accepted', 'a transfer accepted', [TICKETS.transferAccepted]),
  'transfer-rejected': scenario('transfer-rejected', 'a transfer rejected by the recipient', [
    TICKETS.transferRejected,
  ]),
  'transfer-cancelled': scenario('transfer-cancelled', 'a transfer cancelled by the sender', [
    TICKETS.transferCancelled,
  ]),
  'transfer-expired': scenario('transfer-expired', 'a transfer cancelled by the organizer’s time-out', [
    TICKETS.transferExpired,
  ]),
  'transfer-pending': scenario('transfer-pending', 'a transfer started and not settled', [
    TICKETS.transferPending,
  ]),
  'legacy-pending': scenario('legacy-pending', 'a transfer under the legacy PENDING status', [
    TICKETS.legacyPending,
  ]),
  'sent-back': scenario('sent-back', 'a ticket sent A → B → A', [TICKETS.sentBack]),
  bounce: scenario('bounce', 'PENDING_TRANSFER → TRANSFERRED → PENDING_TRANSFER between two polls', [
    TICKETS.bounce,
  ]),
  activation: scenario('activation', 'activation by each method', [
    TICKETS.activatedBt,
    TICKETS.activatedManual,
    TICKETS.activatedOffline,
    TICKETS.activatedOnline,
  ]),
  control: scenario('control', 'a ticket controlled at the gate', [TICKETS.controlled]),
  deletion: scenario('deletion', 'a ticket deleted after invalidation in S-360', [TICKETS.deleted]),
  technical: scenario('technical', 'generic statuses', [TICKETS.technical]),
  'event-day': scenario('event-day', 'every story above, on one event day', Object.values(TICKETS)),
} as const satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

export interface ScenarioOptions {
  /** Time of minute 0 (default 2026-11-23T08:00:00Z). */
  startAt?: string;
  /** Prefix of every ticket id and tax number, to run a scenario twice side by side. */
  prefix?: string;
}

/** The diff items of one ticket's story, one per step. */
export function timelineChanges(ticket: TicketTimeline, options: ScenarioOptions = {}): DiffItem[] {
  const start = Date.parse(options.startAt ?? '2026-11-23T08:00:00Z');
  const prefix = options.prefix ?? '';
  const at = (minute: number): string => new Date(start + minute * 60_000).toISOString();
  const transferStarts = new Map<string, number>();
  let owner: PersonName | undefined;
  let holder: PersonName | undefined;
  return ticket.steps.map((step) => {
    owner = step.owner ?? owner;
    holder = step.holder ?? holder;
    const item: DiffItem = {
      ticketId: `${prefix}${ticket.ticket}`,
      taxNumber: `${prefix.replace(/[^0-9]/g, '')}${ticket.taxNumber}`,
      eventId: EVENT_ID,
      status: step.status,
      statusChangedAt: at(step.atMinute),
    };
    if (owner) item.spectatorDetails = PEOPLE[owner];
    if (holder) item.holder = PEOPLE[holder];
    if (step.transfer) {
      const started = transferStarts.get(step.transfer.id) ?? step.atMinute;
      transferStarts.set(step.transfer.id, started);
      item.transfer = {
        id: step.transfer.id,
        senderEmail: PEOPLE[step.transfer.from].email,
        recipientEmail: PEOPLE[step.transfer.to].email,
        initiatedAt: at(started),
      };
    }
    if (step.beaconName) item.beaconName = step.beaconName;
    if (step.extraInfo) item.extraInfo = { ...step.extraInfo };
    return item;
  });
}

/** Every change of a scenario, in the order TIXNGO saw them (time, then story order). */
export function scenarioChanges(
  scenario: Scenario | ScenarioName,
  options: ScenarioOptions = {},
): DiffItem[] {
  const resolved = typeof scenario === 'string' ? SCENARIOS[scenario] : scenario;
  return resolved.tickets
    .flatMap((ticket) => timelineChanges(ticket, options))
    .map((item, order) => ({ item, order, at: Date.parse(item.statusChangedAt) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ item }) => item);
}
