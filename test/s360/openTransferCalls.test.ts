/**
 * Opening a transfer (issue 17 item 3: the application work per transfer): its line is written, then
 * the ticket's history is read once, after the write (the read the neighbour rule needs); a retry
 * finds the line it wrote even when the contact chosen by e-mail is another one by then.
 */
import { openTransfer } from '../../src/activities/transferActivities';
import { FEEDBACK_AUTHOR } from '../../src/domain/distribution';
import type { TransferEvent } from '../../src/domain/transferEvent';
import type { S360Gateway } from '../../src/s360/gateway';
import { uniqueSuffix } from '../support/env';
import { at, emailFor, startSimulatedS360, type SimulatedS360 } from './support/simulators';

let s: SimulatedS360;
beforeAll(async () => {
  s = await startSimulatedS360('open-transfer', 'postgresql');
});
afterAll(async () => {
  await s.stop();
});

/** The gateway, counting its calls by method (each one HTTP request). */
function counted(gateway: S360Gateway): { s360: S360Gateway; calls: string[] } {
  const calls: string[] = [];
  const s360 = new Proxy(gateway, {
    get(target, name: string) {
      const member = (target as unknown as Record<string, unknown>)[name];
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        calls.push(name);
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { s360, calls };
}

async function transferOnNewTicket(recipientEmail = emailFor('recipient')): Promise<TransferEvent> {
  const ticketId = `T-open-${uniqueSuffix()}`;
  await s.sim.store.seedTicket({ ticketId });
  return {
    organizerId: s.organizerId,
    ticketId,
    transferKey: `tr-${uniqueSuffix()}`,
    status: 'PENDING_TRANSFER',
    statusChangedAt: at(10),
    senderEmail: emailFor('sender'),
    recipientEmail,
  };
}

it('writes the line, then reads the ticket’s history once', async () => {
  const event = await transferOnNewTicket();
  const { s360, calls } = counted(s.s360);

  const opened = await openTransfer(s360, event);

  expect(opened.lineStatus).toBe('PENDING');
  expect(calls.filter((call) => call === 'listDistributionLines')).toHaveLength(1);
  expect(calls.indexOf('addDistributionLine')).toBeLessThan(calls.indexOf('listDistributionLines'));
  expect(await s.s360.listDistributionLines(event.ticketId)).toEqual([
    expect.objectContaining({ lineId: opened.lineId, transferId: event.transferKey, by: FEEDBACK_AUTHOR }),
  ]);
});

it('a retry finds the line it wrote, though the recipient’s e-mail now chooses another contact', async () => {
  const recipientEmail = emailFor('recipient');
  const first = await s.s360.createContact(
    { email: recipientEmail, lastName: 'Without-Account' },
    { idempotencyKey: `c:${uniqueSuffix()}` },
  );
  const event = await transferOnNewTicket(recipientEmail);
  const opened = await openTransfer(s.s360, event);
  expect(opened.recipientContactId).toBe(first.contactId);

  // A contact with an internet account is preferred from now on (SPEC §7, chooseContact).
  await s.s360.createContact(
    { email: recipientEmail, lastName: 'With-Account', hasInternetAccount: true },
    { idempotencyKey: `c:${uniqueSuffix()}` },
  );
  const retried = await openTransfer(s.s360, event);

  expect(retried).toEqual(opened);
  expect(await s.s360.listDistributionLines(event.ticketId)).toHaveLength(1);
});
