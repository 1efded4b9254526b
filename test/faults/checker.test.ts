/** The fault suite's checker finds every lost, duplicated and wrong item on a hand-made S-360 state. */
import { checkState, expectedState, isClean, type ActualState } from '../../faults/support/checker';

const transfer = {
  id: 'TR-1',
  senderEmail: 'a@example.org',
  recipientEmail: 'b@example.org',
  initiatedAt: '2026-11-23T08:00:03Z',
};
const served = [
  { ticketId: 'T-1', status: 'DOWNLOADED', statusChangedAt: '2026-11-23T08:00:01Z' },
  { ticketId: 'T-2', status: 'INJECTED', statusChangedAt: '2026-11-23T08:00:02Z' },
  { ticketId: 'T-3', status: 'PENDING_TRANSFER', statusChangedAt: '2026-11-23T08:00:03Z', transfer },
  { ticketId: 'T-3', status: 'TRANSFERRED', statusChangedAt: '2026-11-23T08:00:04Z', transfer },
  { ticketId: 'T-4', status: 'ASSIGNED', statusChangedAt: '2026-11-23T08:00:05Z' },
  // Older than T-4's change: the newest statusChangedAt wins.
  { ticketId: 'T-4', status: 'INJECTED', statusChangedAt: '2026-11-23T08:00:00Z' },
  { ticketId: 'T-5', status: 'NOT_A_STATUS', statusChangedAt: '2026-11-23T08:00:06Z' },
  'not a ticket',
];

const history = (status: string, at: string) => ({ status, at });

function goodState(): ActualState {
  return {
    tickets: [
      {
        ticketId: 'T-1',
        mobileStatus: 'DOWNLOADED',
        statusChangedAt: '2026-11-23T08:00:01.000Z',
        statusHistory: [history('DOWNLOADED', '2026-11-23T08:00:01+00:00')],
      },
      {
        ticketId: 'T-2',
        mobileStatus: 'INJECTED',
        statusChangedAt: '2026-11-23T08:00:02.000Z',
        statusHistory: [history('INJECTED', '2026-11-23T08:00:02+00:00')],
      },
      {
        ticketId: 'T-3',
        mobileStatus: 'TRANSFERRED',
        statusChangedAt: '2026-11-23T08:00:04.000Z',
        statusHistory: [
          history('PENDING_TRANSFER', '2026-11-23T08:00:03+00:00'),
          history('TRANSFERRED', '2026-11-23T08:00:04+00:00'),
        ],
      },
      {
        ticketId: 'T-4',
        mobileStatus: 'ASSIGNED',
        statusChangedAt: '2026-11-23T08:00:05.000Z',
        statusHistory: [history('ASSIGNED', '2026-11-23T08:00:05+00:00')],
      },
    ],
    lines: [{ ticketId: 'T-3', transferId: 'TR-1', status: 'CONFIRMED' }],
  };
}

it('computes the expected state: newest change per ticket, one line per transfer, malformed items rejected', () => {
  const expected = expectedState(served);
  expect(expected.served).toBe(8);
  expect(expected.rejected).toBe(2);
  expect([...expected.tickets.keys()].sort()).toEqual(['T-1', 'T-2', 'T-3', 'T-4']);
  expect(expected.tickets.get('T-4')?.status).toBe('ASSIGNED');
  expect(expected.lines).toEqual(new Map([['T-3|TR-1', 'CONFIRMED']]));
});

it('a state as expected is clean', () => {
  const report = checkState(expectedState(served), goodState());
  expect(report).toMatchObject({ expected: 5, applied: 5, lost: 0, duplicated: 0, wrong: 0, findings: [] });
  expect(isClean(report)).toBe(true);
});

it('reads a line keyed by TIXNGO’s id and its parties’ digest as that transfer’s line', () => {
  const state = goodState();
  state.lines = [{ ticketId: 'T-3', transferId: 'TR-1~0123456789abcdef', status: 'CONFIRMED' }];
  expect(isClean(checkState(expectedState(served), state))).toBe(true);
});

it('lists a lost, a duplicated and a wrong item, each by name', () => {
  const state = goodState();
  const [t1, t2, t3, t4] = state.tickets;
  if (!t1 || !t2 || !t3 || !t4) throw new Error('hand-made state');
  // T-1 missing (lost), T-2's change recorded twice (duplicated), T-4 with another status (wrong),
  // T-3 still at its older change (lost), and its transfer line written twice (duplicated).
  state.tickets = [
    { ...t2, statusHistory: [...t2.statusHistory, history('INJECTED', '2026-11-23T08:00:02Z')] },
    {
      ...t3,
      mobileStatus: 'PENDING_TRANSFER',
      statusChangedAt: '2026-11-23T08:00:03.000Z',
      statusHistory: [history('PENDING_TRANSFER', '2026-11-23T08:00:03Z')],
    },
    { ...t4, mobileStatus: 'INJECTED' },
  ];
  state.lines.push({ ticketId: 'T-3', transferId: 'TR-1', status: 'PENDING' });

  const report = checkState(expectedState(served), state);
  expect(report).toMatchObject({ expected: 5, applied: 0, lost: 2, duplicated: 2, wrong: 1 });
  expect(isClean(report)).toBe(false);
  const named = report.findings.map((finding) => `${finding.kind} ${finding.item}`).sort();
  expect(named).toEqual([
    'duplicated line T-3|TR-1',
    'duplicated ticket T-2',
    'lost ticket T-1',
    'lost ticket T-3',
    'wrong ticket T-4',
  ]);
});

it('reports what S-360 holds but was never validly served, and a line with the wrong status', () => {
  const state = goodState();
  state.tickets.push({
    ticketId: 'T-5',
    mobileStatus: 'INJECTED',
    statusChangedAt: '2026-11-23T08:00:06.000Z',
    statusHistory: [],
  });
  state.lines = [{ ticketId: 'T-3', transferId: 'TR-1', status: 'CANCELLED' }];
  const report = checkState(expectedState(served), state);
  expect(report.findings.map((finding) => `${finding.kind} ${finding.item}`).sort()).toEqual([
    'wrong line T-3|TR-1',
    'wrong ticket T-5',
  ]);
});
