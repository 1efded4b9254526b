/**
 * The simulator-only read the invariants checker uses (GET /__sim/state, src/sim/s360/stateReader.ts),
 * on both stores: tickets with their lines and cultural-contact history, and contacts.
 */
import { FEEDBACK_AUTHOR } from '../../src/domain/distribution';
import { readS360State } from '../../src/sim/s360/stateReader';
import { uniqueSuffix } from '../support/env';
import { at, emailFor, startSimulatedS360, STORES, type SimulatedS360 } from './support/simulators';

describe.each(STORES)('GET /__sim/state on %s', (_label, store) => {
  let s: SimulatedS360;
  beforeAll(async () => {
    s = await startSimulatedS360('state', store);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('gives each ticket its lines in time order and every cultural-contact change with its time', async () => {
    const ticketId = `T-state-${uniqueSuffix()}`;
    const contact = (who: string) =>
      s.s360.createContact(
        { email: emailFor(who), lastName: who },
        { idempotencyKey: `c:${uniqueSuffix()}` },
      );
    const ana = await contact('Ana');
    const ben = await contact('Ben');
    await s.sim.store.seedTicket({ ticketId, culturalContactId: ana.contactId });
    const line = (minute: number) =>
      s.s360.addDistributionLine(
        ticketId,
        {
          oldContactId: ana.contactId,
          newContactId: ben.contactId,
          occurredAt: at(minute),
          by: FEEDBACK_AUTHOR,
        },
        { idempotencyKey: `l:${uniqueSuffix()}` },
      );
    const later = await line(30);
    const earlier = await line(10);
    await s.s360.setCulturalContact(ticketId, ben.contactId, at(20));
    await s.s360.setCulturalContact(ticketId, ana.contactId, at(5)); // stale: not a change

    const state = await readS360State(s.sim.url);
    expect(state.tickets.find((ticket) => ticket.ticketId === ticketId)).toEqual({
      ticketId,
      culturalContactId: ben.contactId,
      culturalContactHistory: [
        { contactId: ana.contactId, changedAt: null },
        { contactId: ben.contactId, changedAt: at(20) },
      ],
      lines: [earlier, later].map((l) => ({
        lineId: l.lineId,
        oldContactId: ana.contactId,
        newContactId: ben.contactId,
        status: 'PENDING',
        occurredAt: l.occurredAt,
      })),
    });
    expect(state.contacts).toEqual(
      expect.arrayContaining([{ contactId: ana.contactId, email: ana.email, temporary: false }]),
    );
  });
});
