/**
 * TIXNGO may give two transfers of one ticket the same transfer id (A→B, then B→C under "REUSED"):
 * each is its own transfer, with its own line (SPEC §8), and the second one's acceptance moves the
 * ticket to C. Keys by transferEventsOf, steps by openTransfer / closeTransfer, on
 * the S-360 simulator (PostgreSQL, over HTTP).
 */
import { closeTransfer, openTransfer } from '../../src/activities/transferActivities';
import { createTransferKeyer, transferEventsOf } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import type { DiffItem } from '../../src/domain/diffItem';
import type { TransferEvent } from '../../src/domain/transferEvent';
import { startSimulatedS360, emailFor, type SimulatedS360 } from '../s360/support/simulators';
import { uniqueSuffix } from '../support/env';

let s360: SimulatedS360;
beforeAll(async () => {
  s360 = await startSimulatedS360('reused-id', 'postgresql');
});
afterAll(async () => {
  await s360?.stop();
});

const keyer = createTransferKeyer(transferKeySecretFromEnv());
const step = (
  ticketId: string,
  status: DiffItem['status'],
  statusChangedAt: string,
  from: string,
  to: string,
): DiffItem => ({
  ticketId,
  status,
  statusChangedAt,
  spectatorDetails:
    status === 'TRANSFERRED' ? { firstName: 'New', lastName: 'Owner', email: to } : { email: from },
  transfer: { id: 'REUSED', senderEmail: from, recipientEmail: to },
});

/** The keyed steps of `items` (one page), each present. */
async function eventsOf(...items: DiffItem[]): Promise<TransferEvent[]> {
  const events = await transferEventsOf(s360.s360, keyer, s360.organizerId, items);
  expect(events).toHaveLength(items.length);
  return events;
}
const nth = (events: TransferEvent[], n: number): TransferEvent => {
  const event = events[n];
  if (!event) throw new Error(`no step ${n}`);
  return event;
};

/** Opens the transfer of `pending`, then settles it with `accepted` (as the workflow does). */
async function transfer(pending: TransferEvent, accepted: TransferEvent) {
  const opened = await openTransfer(s360.s360, pending);
  expect(opened.lineStatus).toBe('PENDING');
  return closeTransfer(s360.s360, {
    event: accepted,
    lineId: opened.lineId,
    recipientContactId: opened.recipientContactId,
    status: 'CONFIRMED',
  });
}

it('A→B then B→C under one reused TIXNGO id: two lines, both confirmed, the ticket ends with C', async () => {
  const ticketId = `RE-${uniqueSuffix()}`;
  const [a, b, c] = [emailFor('ann'), emailFor('bob'), emailFor('cleo')];
  await s360.s360.applyMobileUpdate({
    ticketId,
    mobileStatus: 'DOWNLOADED',
    statusChangedAt: '2026-11-23T08:00:00Z',
  });

  const ab = await eventsOf(
    step(ticketId, 'PENDING_TRANSFER', '2026-11-23T09:00:00Z', a, b),
    step(ticketId, 'TRANSFERRED', '2026-11-23T09:05:00Z', a, b),
  );
  await transfer(nth(ab, 0), nth(ab, 1));
  const bc = await eventsOf(
    step(ticketId, 'PENDING_TRANSFER', '2026-11-23T10:00:00Z', b, c),
    step(ticketId, 'TRANSFERRED', '2026-11-23T10:05:00Z', b, c),
  );
  expect(nth(bc, 0).transferKey).not.toBe(nth(ab, 0).transferKey);
  const closed = await transfer(nth(bc, 0), nth(bc, 1));
  expect(closed).toMatchObject({ line: 'settled', contact: 'completed', culturalContact: 'changed' });

  const [cleo] = await s360.s360.findContactsByEmail(c);
  const lines = await s360.s360.listDistributionLines(ticketId);
  expect(lines.map((line) => line.status)).toEqual(['CONFIRMED', 'CONFIRMED']);
  expect(lines[1]?.newContactId).toBe(cleo?.contactId);
  expect((await s360.s360.getTicket(ticketId))?.culturalContactId).toBe(cleo?.contactId);
});
