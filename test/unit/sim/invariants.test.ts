import { findViolations, type S360State, type StateLine } from '../../../src/sim/s360/invariants';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();
const A = { contactId: 1, email: 'a@x.test', temporary: false };
const B = { contactId: 2, email: 'b@x.test', temporary: false };
const C = { contactId: 3, email: 'c@x.test', temporary: false };

const line = (
  lineId: number,
  oldContactId: number | null,
  newContactId: number,
  status: StateLine['status'],
  minute: number,
): StateLine => ({ lineId, oldContactId, newContactId, status, occurredAt: at(minute) });

function state(lines: StateLine[], culturalContactId: number | null, contacts = [A, B, C]): S360State {
  return {
    tickets: [
      {
        ticketId: 'T1',
        culturalContactId,
        culturalContactHistory: [{ contactId: 1, changedAt: null }],
        lines,
      },
    ],
    contacts,
  };
}

const step = (status: string, minute: number, from: string, to: string, start: number, owner?: string) => ({
  ticketId: 'T1',
  status,
  statusChangedAt: at(minute),
  transfer: { senderEmail: from, recipientEmail: to, initiatedAt: at(start) },
  ...(owner ? { spectatorDetails: { email: owner, firstName: 'F', lastName: 'L' } } : {}),
});

const rules = (input: Parameters<typeof findViolations>[0]) => findViolations(input).map((v) => v.rule);

describe('S-360 invariants (issue 14)', () => {
  test('A → B accepted, then B → A accepted: no violation', () => {
    const s = state([line(10, 1, 2, 'CONFIRMED', 20), line(11, 2, 1, 'CONFIRMED', 40)], 1);
    const steps = [
      step('PENDING_TRANSFER', 20, A.email, B.email, 20),
      step('TRANSFERRED', 25, A.email, B.email, 20, B.email),
      step('PENDING_TRANSFER', 40, B.email, A.email, 40),
      step('TRANSFERRED', 45, B.email, A.email, 40, A.email),
    ];
    expect(findViolations({ state: s, steps })).toEqual([]);
  });

  test('lists every violation, each naming the ticket and the rule', () => {
    // "back" of issue 14: the second line's old contact is empty; and the cultural contact never moved.
    const s = state([line(10, 1, 2, 'CONFIRMED', 20), line(11, null, 1, 'CONFIRMED', 40)], 2);
    const violations = findViolations({ state: s });
    expect(violations.map((v) => [v.rule, v.ticketId, v.lineId])).toEqual([
      ['chain', 'T1', 11],
      ['cultural-contact', 'T1', 11],
    ]);
  });

  test('a line CANCELLED although TIXNGO says accepted ("bounce" of issue 14)', () => {
    const s = state([line(10, 1, 2, 'CANCELLED', 20), line(11, 2, 3, 'PENDING', 22)], 1);
    const steps = [
      step('PENDING_TRANSFER', 20, A.email, B.email, 20),
      step('TRANSFERRED', 21, A.email, B.email, 20, B.email),
      step('PENDING_TRANSFER', 22, B.email, C.email, 22),
    ];
    expect(rules({ state: s, steps })).toEqual(['cancelled-without-tixngo', 'chain']);
  });

  test('CANCELLED needs FAILURE, FAILURE_TRANSFER or a newer transfer; CONFIRMED needs an acceptance', () => {
    const s = state([line(10, 1, 2, 'CANCELLED', 20), line(11, 1, 3, 'CONFIRMED', 30)], 3);
    const pendingOnly = [
      step('PENDING_TRANSFER', 20, A.email, B.email, 20),
      step('PENDING_TRANSFER', 30, A.email, C.email, 30),
    ];
    expect(rules({ state: s, steps: pendingOnly })).toEqual(['confirmed-without-tixngo']);
    const expiredAlone = state([line(10, 1, 2, 'CANCELLED', 20)], 1);
    expect(rules({ state: expiredAlone, steps: pendingOnly.slice(0, 1) })).toEqual([
      'cancelled-without-tixngo',
    ]);
    const expired = [...pendingOnly.slice(0, 1), step('FAILURE', 81, A.email, B.email, 20)];
    expect(rules({ state: expiredAlone, steps: expired })).toEqual([]);
    expect(rules({ state: expiredAlone })).toEqual([]);
  });

  test('without a cultural contact before the first line, the old contact is the sender’s', () => {
    const s: S360State = {
      tickets: [
        {
          ticketId: 'T1',
          culturalContactId: null,
          culturalContactHistory: [],
          lines: [line(10, null, 2, 'PENDING', 20)],
        },
      ],
      contacts: [A, B],
    };
    expect(rules({ state: s })).toEqual(['chain']);
    const fromC = {
      ...s,
      tickets: s.tickets.map((t) => ({ ...t, lines: [line(10, 3, 2, 'PENDING', 20)] })),
      contacts: [A, B, C],
    };
    expect(rules({ state: fromC, steps: [step('PENDING_TRANSFER', 20, A.email, B.email, 20)] })).toEqual([
      'chain',
    ]);
  });

  test('one contact per canonical e-mail, apart from contacts that were there before', () => {
    const twin = { contactId: 9, email: ' B@X.test', temporary: true };
    expect(findViolations({ state: state([], 1, [A, B, twin]) })).toEqual([
      expect.objectContaining({ rule: 'duplicate-contact', contactIds: [2, 9] }),
    ]);
    expect(rules({ state: state([], 1, [A, B, twin]), preexistingContactIds: [2, 9] })).toEqual([]);
  });

  test('a temporary contact is completed once TIXNGO sent that person’s details; one line per transfer', () => {
    const tempB = { ...B, temporary: true };
    const s = state([line(10, 1, 2, 'CONFIRMED', 20), line(11, 1, 2, 'CONFIRMED', 20)], 2, [A, tempB]);
    const steps = [step('TRANSFERRED', 25, A.email, B.email, 20, B.email)];
    expect(rules({ state: s, steps })).toEqual(['chain', 'duplicate-line', 'temporary-not-completed']);
    expect(rules({ state: s })).toEqual(['chain']);
  });
});
