/**
 * Who a transfer is and between whom, on the real stack (issue 13, items 7 and 8): e-mail variants
 * of one address are one person, and repeated transfers between the same people without a TIXNGO
 * transfer id or start time are still told apart.
 */
import { eventually, uniqueSuffix } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';
import { feed, normalContact, person, soldTicket, spectator, type Person } from '../support/transfers';
import { at } from '../support/tickets';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('transfer-identity');
});
afterAll(async () => {
  await stack.stop();
});

const lines = (ticketId: string) => stack.s360Api.listDistributionLines(ticketId);
const ticketOf = async (ticketId: string) => {
  const ticket = await stack.s360Api.getTicket(ticketId);
  if (!ticket) throw new Error(`ticket ${ticketId} is not in S-360`);
  return ticket;
};

/** Transfer workflows of a ticket that failed, as visibility lists them. */
async function failedTransfers(ticketId: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `OrganizerId = '${stack.organizerId}' AND TicketId = '${ticketId}' AND ExecutionStatus = 'Failed'`;
  for await (const execution of stack.client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

/** A transfer step as TIXNGO sends it when it gives neither a transfer id nor a start time. */
function keylessItem(ticketId: string, status: string, minute: number, from: Person, to: Person) {
  return {
    ticketId,
    taxNumber: `tax-${ticketId}`,
    status,
    statusChangedAt: at(minute),
    transfer: { senderEmail: from.email, recipientEmail: to.email },
    spectatorDetails: spectator(status === 'TRANSFERRED' ? to : from),
  };
}

describe('issue 13 item 7: e-mail variants of one address are one person', () => {
  it('six transfers to six spellings of one address: one contact, six PENDING lines, no failed workflow', async () => {
    const ana = person('Ana');
    const local = `carla.x.${uniqueSuffix()}`;
    const variants = [
      `Carla.X.${local.slice(8)}@example.test`,
      `${local}@example.test`,
      `${local.toUpperCase()}@EXAMPLE.TEST`,
      `cArla.x.${local.slice(8)}@Example.Test`,
      `CARLA.x.${local.slice(8)}@example.TEST`,
      `carla.X.${local.slice(8)}@EXAMPLE.test`,
    ];
    const tickets = variants.map((_, index) => `TI-VAR-${index}`);
    const anaContact = await normalContact(stack, ana);
    await feed(
      stack,
      ...tickets.map((ticketId) => ({
        ticketId,
        taxNumber: `tax-${ticketId}`,
        status: 'INJECTED',
        statusChangedAt: at(0),
        spectatorDetails: spectator(ana),
      })),
    );
    for (const ticketId of tickets)
      await stack.s360Api.setCulturalContact(ticketId, anaContact.contactId, at(0));

    await feed(
      stack,
      ...tickets.map((ticketId, index) => ({
        ticketId,
        taxNumber: `tax-${ticketId}`,
        status: 'PENDING_TRANSFER',
        statusChangedAt: at(10),
        transfer: { senderEmail: ana.email, recipientEmail: variants[index], initiatedAt: at(10) },
        spectatorDetails: spectator(ana),
      })),
    );
    // Each ticket ends with a line or a failed transfer workflow, whichever comes.
    for (const ticketId of tickets) {
      await eventually(async () => {
        if ((await lines(ticketId)).length > 0) return true;
        return (await failedTransfers(ticketId)).length > 0 ? true : undefined;
      }, `a line or a failed transfer on ${ticketId}`);
    }

    const contacts = await stack.s360Api.findContactsByEmail(`${local}@example.test`);
    const all = await Promise.all(tickets.map(lines));
    expect(
      all.map((found) => found.map((line) => [line.status, line.oldContactId, line.newContactId])),
    ).toEqual(tickets.map(() => [['PENDING', anaContact.contactId, contacts[0]?.contactId]]));
    for (const ticketId of tickets) expect(await failedTransfers(ticketId)).toEqual([]);
    // The temporary contact keeps the canonical form, whichever spelling came first.
    expect(contacts.map((contact) => contact.email)).toEqual([`${local}@example.test`]);
  });
});

describe('issue 13 item 8: transfers without a TIXNGO id or start time', () => {
  it('A → B, B → A, A → B, each in its own run: three lines with the right old and new contacts', async () => {
    const ana = person('Ana');
    const ben = person('Ben');
    const anaContact = await soldTicket(stack, 'TI-AGAIN', ana);
    // Settled: the new owner is the cultural contact and no line is PENDING.
    const settled = (cultural: number | undefined) =>
      eventually(async () => {
        const found = await lines('TI-AGAIN');
        const done =
          (await ticketOf('TI-AGAIN')).culturalContactId === cultural &&
          found.every((line) => line.status !== 'PENDING');
        return done && found.length > 0 ? found : undefined;
      }, `the transfers of TI-AGAIN settled, cultural contact ${cultural}`);

    await feed(
      stack,
      keylessItem('TI-AGAIN', 'PENDING_TRANSFER', 10, ana, ben),
      keylessItem('TI-AGAIN', 'TRANSFERRED', 11, ana, ben),
    );
    const benId = await eventually(async () => {
      const [contact] = await stack.s360Api.findContactsByEmail(ben.email);
      return contact?.contactId;
    }, "Ben's contact");
    await settled(benId);
    await feed(
      stack,
      keylessItem('TI-AGAIN', 'PENDING_TRANSFER', 20, ben, ana),
      keylessItem('TI-AGAIN', 'TRANSFERRED', 21, ben, ana),
    );
    await settled(anaContact.contactId);
    await feed(
      stack,
      keylessItem('TI-AGAIN', 'PENDING_TRANSFER', 30, ana, ben),
      keylessItem('TI-AGAIN', 'TRANSFERRED', 31, ana, ben),
    );
    const found = await settled(benId);

    expect(found.map((line) => [line.status, line.oldContactId, line.newContactId])).toEqual([
      ['CONFIRMED', anaContact.contactId, benId],
      ['CONFIRMED', benId, anaContact.contactId],
      ['CONFIRMED', anaContact.contactId, benId],
    ]);
  });

  it('an outcome in a later run than its PENDING settles that PENDING’s line', async () => {
    const ana = person('Ana');
    const cleo = person('Cleo');
    const anaContact = await soldTicket(stack, 'TI-LATER', ana);
    await feed(stack, keylessItem('TI-LATER', 'PENDING_TRANSFER', 10, ana, cleo));
    await eventually(
      async () => ((await lines('TI-LATER')).length > 0 ? true : undefined),
      'the PENDING line',
    );
    await feed(stack, keylessItem('TI-LATER', 'FAILURE_TRANSFER', 15, ana, cleo));
    const found = await eventually(async () => {
      const current = await lines('TI-LATER');
      return current.every((line) => line.status !== 'PENDING') ? current : undefined;
    }, 'the line settled');
    const [cleoContact] = await stack.s360Api.findContactsByEmail(cleo.email);
    expect(found.map((line) => [line.status, line.oldContactId, line.newContactId])).toEqual([
      ['CANCELLED', anaContact.contactId, cleoContact?.contactId],
    ]);
  });
});
