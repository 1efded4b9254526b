/**
 * The transfer workflow against the real parts: TIXNGO diff items go through the feedback
 * workflow, each transfer runs in its own workflow, and the end state is read from the S-360 API.
 */
import { TEMPORARY_CONTACT_NAME } from '../../src/domain/contact';
import { TransportError } from '../../src/http/transportError';
import { createFeedbackMetrics } from '../../src/observability/metrics';
import type { S360Gateway } from '../../src/s360/gateway';
import { eventually } from '../support/env';
import { at } from '../support/tickets';
import { describeViolations } from '../../src/sim/s360/invariants';
import { violationsOf } from '../support/invariants';
import { recordHistory } from '../support/recordHistory';
import { startTestStack, type TestStack } from '../support/stack';
import type { TransferResult } from '../../src/workflows/transferDefinitions';
import {
  feed,
  normalContact,
  person,
  soldTicket,
  spectator,
  transferHandle,
  transferItem,
  transferOf,
  transferResult,
} from '../support/transfers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('transfer');
});
afterAll(async () => {
  await stack.stop();
});
// Whatever each story left, S-360 keeps the invariants of issue 14 (src/sim/s360/invariants.ts);
// a story is blamed only for violations that were not there before it.
const earlier = new Set<string>();
afterEach(async () => {
  const found = await violationsOf(stack);
  const fresh = found.filter((violation) => !earlier.has(JSON.stringify(violation)));
  for (const violation of found) earlier.add(JSON.stringify(violation));
  expect(describeViolations(fresh)).toBe('');
});

const lines = (ticketId: string) => stack.s360Api.listDistributionLines(ticketId);
const contactsOf = (email: string) => stack.s360Api.findContactsByEmail(email);
const ticketOf = async (ticketId: string) => {
  const ticket = await stack.s360Api.getTicket(ticketId);
  if (!ticket) throw new Error(`ticket ${ticketId} is not in S-360`);
  return ticket;
};
const pendingLine = (ticketId: string) =>
  eventually(async () => {
    const found = await lines(ticketId);
    return found.length > 0 ? found : undefined;
  }, `a distribution line on ${ticketId}`);

/** Once the transfer's workflow has opened it (its open, with the neighbour rule, is done). */
const openedLine = (on: TestStack, ticketId: string, transfer: ReturnType<typeof transferOf>) =>
  eventually(async () => {
    const state = await transferHandle(on, ticketId, transfer)
      .query<TransferResult>('state')
      .catch(() => undefined);
    return state?.lineId;
  }, `the opened line of ${ticketId}`);

describe('SPEC §8: a transfer becomes a distribution line', () => {
  it('transfer started, recipient’s contact exists: ticket unchanged, a PENDING line with that contact', async () => {
    const ana = person('Ana');
    const ben = person('Ben', 'Keller');
    const anaContact = await soldTicket(stack, 'TR-EXISTS', ana);
    const benContact = await normalContact(stack, ben);
    const transfer = transferOf(ana, ben, 10);

    await feed(stack, transferItem('TR-EXISTS', 'PENDING_TRANSFER', 10, transfer, ana));
    const [line] = await pendingLine('TR-EXISTS');
    expect(line).toMatchObject({
      action: 'Distribute',
      status: 'PENDING',
      oldContactId: anaContact.contactId,
      newContactId: benContact.contactId,
    });
    expect((await ticketOf('TR-EXISTS')).culturalContactId).toBe(anaContact.contactId);
    expect(await contactsOf(ben.email)).toHaveLength(1);
  });

  it('transfer started, no contact: a temporary "Pending CREATION" contact with the e-mail and a PENDING line with it', async () => {
    const ana = person('Ana');
    const carla = person('Carla');
    const anaContact = await soldTicket(stack, 'TR-NEW', ana);
    await feed(stack, transferItem('TR-NEW', 'PENDING_TRANSFER', 10, transferOf(ana, carla, 10), ana));

    const [line] = await pendingLine('TR-NEW');
    const [temporary] = await contactsOf(carla.email);
    expect(temporary).toMatchObject({
      temporary: true,
      hasInternetAccount: true,
      email: carla.email,
      firstName: TEMPORARY_CONTACT_NAME.firstName,
      lastName: TEMPORARY_CONTACT_NAME.lastName,
    });
    expect(line).toMatchObject({
      status: 'PENDING',
      oldContactId: anaContact.contactId,
      newContactId: temporary?.contactId,
    });
    expect((await ticketOf('TR-NEW')).culturalContactId).toBe(anaContact.contactId);
  });

  it('transfer started by a sender S-360 has no contact for: TIXNGO’s details of the sender (the wallet owner) complete the sender’s temporary contact, the recipient’s keeps only the e-mail', async () => {
    const eve = person('Eve', 'Laurent');
    const finn = person('Finn');
    // Injected to a wallet whose e-mail S-360 does not know (no contact has it).
    await feed(stack, {
      ...transferItem('TR-SENDER', 'DOWNLOADED', 0, transferOf(eve, finn, 0), eve),
      transfer: undefined,
    });
    await feed(stack, transferItem('TR-SENDER', 'PENDING_TRANSFER', 10, transferOf(eve, finn, 10), eve));

    const [line] = await pendingLine('TR-SENDER');
    const [sender] = await contactsOf(eve.email);
    expect(sender).toMatchObject({
      temporary: false,
      hasInternetAccount: true,
      firstName: 'Eve',
      lastName: 'Laurent',
      email: eve.email,
      idNumber: 'ID-EVE-77',
    });
    const [recipient] = await contactsOf(finn.email);
    // While PENDING_TRANSFER only the recipient's e-mail is known (SPEC §7): never the sender's details.
    expect(recipient).toMatchObject({
      temporary: true,
      email: finn.email,
      firstName: TEMPORARY_CONTACT_NAME.firstName,
      lastName: TEMPORARY_CONTACT_NAME.lastName,
    });
    expect(recipient?.idNumber ?? undefined).toBeUndefined();
    expect(line).toMatchObject({
      status: 'PENDING',
      oldContactId: sender?.contactId,
      newContactId: recipient?.contactId,
    });
  });

  it('transfer accepted: the temporary contact is completed (§7 mapping), becomes the cultural contact, the line is CONFIRMED', async () => {
    const ana = person('Ana');
    const dora = person('Dora', 'Silva');
    await soldTicket(stack, 'TR-ACCEPT', ana);
    const transfer = transferOf(ana, dora, 10);
    await feed(stack, transferItem('TR-ACCEPT', 'PENDING_TRANSFER', 10, transfer, ana));
    await pendingLine('TR-ACCEPT');
    await feed(stack, transferItem('TR-ACCEPT', 'TRANSFERRED', 20, transfer, dora));

    const result = await transferResult(stack, 'TR-ACCEPT', transfer);
    expect(result).toMatchObject({ distribution: 'CONFIRMED', settledBy: 'event', contact: 'completed' });
    const [contact] = await contactsOf(dora.email);
    expect(contact).toMatchObject({
      temporary: false,
      title: 'Mx',
      firstName: 'Dora',
      lastName: 'Silva',
      birthdate: '1990-04-12',
      email: dora.email,
      nationality: 'CH',
      idNumber: 'ID-DORA-77',
      cellPhone: '+41790000000',
      countryCode: 'FR',
      preferredLanguage: 'fr',
      consentInstitutionEmail: true,
      consentThirdPartyEmail: false,
    });
    const ticket = await ticketOf('TR-ACCEPT');
    expect(ticket.culturalContactId).toBe(contact?.contactId);
    expect(ticket.mobileStatus).toBe('TRANSFERRED');
    expect((await lines('TR-ACCEPT')).map((line) => line.status)).toEqual(['CONFIRMED']);
    await recordHistory(
      'transfer-accepted-temporary-contact',
      transferHandle(stack, 'TR-ACCEPT', transfer).workflowId,
    );
  });

  it('transfer accepted by a normal contact: the contact is never updated, but becomes the cultural contact', async () => {
    const ana = person('Ana');
    const eric = person('Eric', 'Martin');
    await soldTicket(stack, 'TR-NORMAL', ana);
    const ericContact = await normalContact(stack, eric);
    const transfer = transferOf(ana, eric, 10);
    await feed(stack, transferItem('TR-NORMAL', 'PENDING_TRANSFER', 10, transfer, ana));
    await feed(
      stack,
      transferItem('TR-NORMAL', 'TRANSFERRED', 20, transfer, {
        ...eric,
        firstName: 'Erik',
        lastName: 'Other',
      }),
    );

    const result = await transferResult(stack, 'TR-NORMAL', transfer);
    expect(result).toMatchObject({ distribution: 'CONFIRMED', contact: 'left-unchanged-normal' });
    const [contact] = await contactsOf(eric.email);
    expect(contact).toEqual(ericContact);
    expect((await ticketOf('TR-NORMAL')).culturalContactId).toBe(ericContact.contactId);
  });

  it.each(['FAILURE_TRANSFER', 'FAILURE'])(
    '%s: the line is CANCELLED and the cultural contact stays the sender’s',
    async (status) => {
      const ana = person('Ana');
      const finn = person('Finn');
      const ticketId = `TR-${status}`;
      const anaContact = await soldTicket(stack, ticketId, ana);
      const transfer = transferOf(ana, finn, 10);
      await feed(stack, transferItem(ticketId, 'PENDING_TRANSFER', 10, transfer, ana));
      await feed(stack, transferItem(ticketId, status, 15, transfer, ana));

      expect(await transferResult(stack, ticketId, transfer)).toMatchObject({
        distribution: 'CANCELLED',
        settledBy: 'event',
      });
      expect((await lines(ticketId)).map((line) => line.status)).toEqual(['CANCELLED']);
      expect((await ticketOf(ticketId)).culturalContactId).toBe(anaContact.contactId);
      const [temporary] = await contactsOf(finn.email);
      expect(temporary?.temporary).toBe(true);
    },
  );
});

describe('SPEC §7 and §11: choosing and creating contacts', () => {
  it('among several contacts with the e-mail, the one with an internet account', async () => {
    const ana = person('Ana');
    const gil = person('Gil');
    await soldTicket(stack, 'TR-CHOOSE-1', ana);
    await normalContact(stack, gil, { hasInternetAccount: false });
    const withAccount = await normalContact(stack, gil, { hasInternetAccount: true, structure: 'RELAY' });
    await feed(stack, transferItem('TR-CHOOSE-1', 'PENDING_TRANSFER', 10, transferOf(ana, gil, 10), ana));
    const [line] = await pendingLine('TR-CHOOSE-1');
    expect(line?.newContactId).toBe(withAccount.contactId);
  });

  it('when two have an internet account, the individual before the relay', async () => {
    const ana = person('Ana');
    const hana = person('Hana');
    await soldTicket(stack, 'TR-CHOOSE-2', ana);
    await normalContact(stack, hana, { hasInternetAccount: true, structure: 'RELAY' });
    const individual = await normalContact(stack, hana, {
      hasInternetAccount: true,
      structure: 'INDIVIDUAL',
    });
    await feed(stack, transferItem('TR-CHOOSE-2', 'PENDING_TRANSFER', 10, transferOf(ana, hana, 10), ana));
    const [line] = await pendingLine('TR-CHOOSE-2');
    expect(line?.newContactId).toBe(individual.contactId);
  });

  it('never creates a duplicate: two tickets sent to the same unknown e-mail share one temporary contact', async () => {
    const ana = person('Ana');
    const ivan = person('Ivan');
    await soldTicket(stack, 'TR-DUP-1', ana);
    // The same seller: TIXNGO's sender is the owner S-360 sold the ticket to.
    await soldTicket(stack, 'TR-DUP-2', ana);
    await feed(
      stack,
      transferItem('TR-DUP-1', 'PENDING_TRANSFER', 10, transferOf(ana, ivan, 10), ana),
      transferItem('TR-DUP-2', 'PENDING_TRANSFER', 10, transferOf(ana, ivan, 11), ana),
    );
    const [one] = await pendingLine('TR-DUP-1');
    const [two] = await pendingLine('TR-DUP-2');
    expect(await contactsOf(ivan.email)).toHaveLength(1);
    expect(one?.newContactId).toBe(two?.newContactId);
  });
});

describe('odd orders settle right', () => {
  it('an outcome seen with no PENDING before it (it happened between two polls)', async () => {
    const ana = person('Ana');
    const jade = person('Jade');
    await soldTicket(stack, 'TR-LATE', ana);
    const transfer = transferOf(ana, jade, 10);
    await feed(stack, transferItem('TR-LATE', 'TRANSFERRED', 20, transfer, jade));

    expect(await transferResult(stack, 'TR-LATE', transfer)).toMatchObject({
      distribution: 'CONFIRMED',
      events: 1,
    });
    const [contact] = await contactsOf(jade.email);
    expect(contact).toMatchObject({ temporary: false, firstName: 'Jade', idNumber: 'ID-JADE-77' });
    expect((await lines('TR-LATE')).map((line) => line.status)).toEqual(['CONFIRMED']);
    await recordHistory(
      'transfer-outcome-without-pending',
      transferHandle(stack, 'TR-LATE', transfer).workflowId,
    );
    expect((await ticketOf('TR-LATE')).culturalContactId).toBe(contact?.contactId);
  });

  it('TRANSFERRED then FAILURE_TRANSFER of one transfer in one page: the first outcome settles it, with a warning (SPEC §8)', async () => {
    const ana = person('Ana');
    const lea = person('Lea');
    await soldTicket(stack, 'TR-BOTH', ana);
    const transfer = transferOf(ana, lea, 10);
    await feed(
      stack,
      transferItem('TR-BOTH', 'TRANSFERRED', 20, transfer, lea),
      transferItem('TR-BOTH', 'FAILURE_TRANSFER', 30, transfer, ana),
    );
    const result = await transferResult(stack, 'TR-BOTH', transfer);
    expect(result).toMatchObject({ distribution: 'CONFIRMED' });
    expect(result.warnings).toEqual([expect.stringMatching(/FAILURE_TRANSFER .* contradicts TRANSFERRED/)]);
  });

  it('the same event twice writes one line and one contact', async () => {
    const ana = person('Ana');
    const kai = person('Kai');
    await soldTicket(stack, 'TR-TWICE', ana);
    const transfer = transferOf(ana, kai, 10);
    const pending = transferItem('TR-TWICE', 'PENDING_TRANSFER', 10, transfer, ana);
    await feed(stack, pending, pending);
    await feed(stack, pending);
    const accepted = transferItem('TR-TWICE', 'TRANSFERRED', 20, transfer, kai);
    await feed(stack, accepted, accepted);
    await transferResult(stack, 'TR-TWICE', transfer);
    await feed(stack, accepted);

    expect(await lines('TR-TWICE')).toHaveLength(1);
    expect((await lines('TR-TWICE'))[0]?.status).toBe('CONFIRMED');
    expect(await contactsOf(kai.email)).toHaveLength(1);
  });

  it('a new transfer while the previous is open: the previous is CONFIRMED when its recipient is the new sender', async () => {
    const ana = person('Ana');
    const leo = person('Leo');
    const mia = person('Mia');
    await soldTicket(stack, 'TR-CHAIN', ana);
    const first = transferOf(ana, leo, 10);
    const second = transferOf(leo, mia, 30);
    await feed(stack, transferItem('TR-CHAIN', 'PENDING_TRANSFER', 10, first, ana));
    await pendingLine('TR-CHAIN');
    // Leo accepted and sent it on between two polls: TIXNGO shows only the new transfer.
    await feed(stack, transferItem('TR-CHAIN', 'PENDING_TRANSFER', 30, second, leo));

    expect(await transferResult(stack, 'TR-CHAIN', first)).toMatchObject({
      distribution: 'CONFIRMED',
      settledBy: 'newer-transfer',
    });
    await recordHistory('transfer-superseded-by-newer', transferHandle(stack, 'TR-CHAIN', first).workflowId);
    const [leoContact] = await contactsOf(leo.email);
    const [miaContact] = await contactsOf(mia.email);
    const history = await lines('TR-CHAIN');
    expect(history.map((line) => [line.status, line.oldContactId, line.newContactId])).toEqual([
      ['CONFIRMED', expect.any(Number), leoContact?.contactId],
      ['PENDING', leoContact?.contactId, miaContact?.contactId],
    ]);
    expect((await ticketOf('TR-CHAIN')).culturalContactId).toBe(leoContact?.contactId);
    expect((await transferHandle(stack, 'TR-CHAIN', second).describe()).status.name).toBe('RUNNING');
  });

  it('a new transfer while the previous is open, from the same sender: the previous waits for TIXNGO’s word, and its FAILURE_TRANSFER cancels it', async () => {
    const ana = person('Ana');
    const noor = person('Noor');
    const omar = person('Omar');
    const anaContact = await soldTicket(stack, 'TR-REDO', ana);
    const first = transferOf(ana, noor, 10);
    const second = transferOf(ana, omar, 30);
    await feed(stack, transferItem('TR-REDO', 'PENDING_TRANSFER', 10, first, ana));
    await pendingLine('TR-REDO');
    await feed(stack, transferItem('TR-REDO', 'PENDING_TRANSFER', 30, second, ana));
    await openedLine(stack, 'TR-REDO', second);
    // Noor may have accepted and sent it back to Ana by transfers not read yet: the newer line decides
    // nothing, and a line never goes back.
    expect((await lines('TR-REDO')).map((line) => line.status)).toEqual(['PENDING', 'PENDING']);

    await feed(stack, transferItem('TR-REDO', 'FAILURE_TRANSFER', 20, first, ana));
    expect(await transferResult(stack, 'TR-REDO', first)).toMatchObject({
      distribution: 'CANCELLED',
      settledBy: 'event',
    });
    expect((await lines('TR-REDO')).map((line) => line.status)).toEqual(['CANCELLED', 'PENDING']);
    expect((await ticketOf('TR-REDO')).culturalContactId).toBe(anaContact.contactId);
  });

  it('A → B → A: the ticket comes back, each transfer its own line, the first owner ends as cultural contact', async () => {
    const ana = person('Ana');
    const pia = person('Pia');
    const anaContact = await soldTicket(stack, 'TR-BACK', ana);
    const out = transferOf(ana, pia, 10);
    const back = transferOf(pia, ana, 40);
    await feed(
      stack,
      transferItem('TR-BACK', 'PENDING_TRANSFER', 10, out, ana),
      transferItem('TR-BACK', 'TRANSFERRED', 20, out, pia),
    );
    await transferResult(stack, 'TR-BACK', out);
    await feed(
      stack,
      transferItem('TR-BACK', 'PENDING_TRANSFER', 40, back, pia),
      transferItem('TR-BACK', 'TRANSFERRED', 50, back, ana),
    );
    await transferResult(stack, 'TR-BACK', back);

    const [piaContact] = await contactsOf(pia.email);
    expect(
      (await lines('TR-BACK')).map((line) => [line.status, line.oldContactId, line.newContactId]),
    ).toEqual([
      ['CONFIRMED', anaContact.contactId, piaContact?.contactId],
      ['CONFIRMED', piaContact?.contactId, anaContact.contactId],
    ]);
    expect((await ticketOf('TR-BACK')).culturalContactId).toBe(anaContact.contactId);
    expect(await contactsOf(ana.email)).toEqual([anaContact]);
  });
});

describe('issue 14: opening a ticket’s transfers commutes (the newer may open first)', () => {
  /** A ticket in S-360 with no cultural contact yet (TIXNGO knows it; S-360 never set one). */
  const injected = (ticketId: string, owner: ReturnType<typeof person>) =>
    feed(stack, {
      ticketId,
      taxNumber: `tax-${ticketId}`,
      status: 'INJECTED',
      statusChangedAt: at(0),
      spectatorDetails: spectator(owner),
    });

  it('"back" A → B, B → A, the second opened first: line 2’s old contact is B (never "—")', async () => {
    const ana = person('Ana');
    const bo = person('Bo');
    await injected('TR-BACK-FIRST', ana);
    const out = transferOf(ana, bo, 10);
    const back = transferOf(bo, ana, 40);
    await feed(stack, transferItem('TR-BACK-FIRST', 'PENDING_TRANSFER', 40, back, bo));
    await pendingLine('TR-BACK-FIRST');
    await feed(
      stack,
      transferItem('TR-BACK-FIRST', 'PENDING_TRANSFER', 10, out, ana),
      transferItem('TR-BACK-FIRST', 'TRANSFERRED', 20, out, bo),
    );
    await transferResult(stack, 'TR-BACK-FIRST', out);

    const [anaContact] = await contactsOf(ana.email);
    const [boContact] = await contactsOf(bo.email);
    expect(
      (await lines('TR-BACK-FIRST')).map((line) => [line.status, line.oldContactId, line.newContactId]),
    ).toEqual([
      ['CONFIRMED', anaContact?.contactId, boContact?.contactId],
      ['PENDING', boContact?.contactId, anaContact?.contactId],
    ]);
    expect(await contactsOf(bo.email)).toHaveLength(1);
  });

  it('"bounce" A → B accepted, then B → C opened first: line 1 CONFIRMED, B’s temporary contact completed', async () => {
    const ana = person('Ana');
    const bea = person('Bea', 'Moreau');
    const cy = person('Cy');
    await soldTicket(stack, 'TR-BOUNCE', ana);
    const first = transferOf(ana, bea, 10);
    const second = transferOf(bea, cy, 30);
    await feed(stack, transferItem('TR-BOUNCE', 'PENDING_TRANSFER', 30, second, bea));
    await pendingLine('TR-BOUNCE');
    await feed(
      stack,
      transferItem('TR-BOUNCE', 'PENDING_TRANSFER', 10, first, ana),
      transferItem('TR-BOUNCE', 'TRANSFERRED', 20, first, bea),
    );
    expect(await transferResult(stack, 'TR-BOUNCE', first)).toMatchObject({
      distribution: 'CONFIRMED',
      settledBy: 'newer-transfer',
      // B → C, opened first, completed B's temporary contact from TIXNGO's details of its sender (B).
      contact: 'left-unchanged-normal',
    });
    await recordHistory(
      'transfer-superseded-contact-completed',
      transferHandle(stack, 'TR-BOUNCE', first).workflowId,
    );

    const [beaContact] = await contactsOf(bea.email);
    expect(beaContact).toMatchObject({ temporary: false, lastName: 'Moreau', idNumber: 'ID-BEA-77' });
    expect((await lines('TR-BOUNCE')).map((line) => [line.status, line.newContactId])).toEqual([
      ['CONFIRMED', beaContact?.contactId],
      ['PENDING', expect.any(Number)],
    ]);
    expect((await ticketOf('TR-BOUNCE')).culturalContactId).toBe(beaContact?.contactId);
  });
});

describe('issue 14: two transfers of a ticket opened at the same time (one page, the newer first)', () => {
  it('"bounce" in one page: line 1 CONFIRMED, B’s temporary contact completed, line 2 from B', async () => {
    const ana = person('Ana');
    const bea = person('Bea', 'Roux');
    const cy = person('Cy');
    await soldTicket(stack, 'TR-BOUNCE-ONE-PAGE', ana);
    const first = transferOf(ana, bea, 10);
    const second = transferOf(bea, cy, 30);
    await feed(
      stack,
      transferItem('TR-BOUNCE-ONE-PAGE', 'PENDING_TRANSFER', 30, second, bea),
      transferItem('TR-BOUNCE-ONE-PAGE', 'PENDING_TRANSFER', 10, first, ana),
      transferItem('TR-BOUNCE-ONE-PAGE', 'TRANSFERRED', 20, first, bea),
    );
    await transferResult(stack, 'TR-BOUNCE-ONE-PAGE', first);
    await pendingLine('TR-BOUNCE-ONE-PAGE');

    const [beaContact] = await contactsOf(bea.email);
    expect(beaContact).toMatchObject({ temporary: false, lastName: 'Roux' });
    expect(
      (await lines('TR-BOUNCE-ONE-PAGE')).map((line) => [line.status, line.oldContactId, line.newContactId]),
    ).toEqual([
      ['CONFIRMED', expect.any(Number), beaContact?.contactId],
      ['PENDING', beaContact?.contactId, expect.any(Number)],
    ]);
    expect((await ticketOf('TR-BOUNCE-ONE-PAGE')).culturalContactId).toBe(beaContact?.contactId);
  });
});

describe('issue 14: TIXNGO decides (a 2-second acceptance window)', () => {
  it('a new transfer from the same sender, the previous one’s outcome never seen: TIXNGO asked after the window cancels it', async () => {
    const quick = await startTestStack('transfer-quick-redo', { acceptanceWindow: '2s' });
    try {
      const ana = person('Ana');
      const noor = person('Noor');
      const omar = person('Omar');
      const anaContact = await soldTicket(quick, 'TR-REDO-ASKED', ana);
      const first = transferOf(ana, noor, 10);
      const second = transferOf(ana, omar, 30);
      await feed(quick, transferItem('TR-REDO-ASKED', 'PENDING_TRANSFER', 10, first, ana));
      await feed(quick, transferItem('TR-REDO-ASKED', 'PENDING_TRANSFER', 30, second, ana));

      expect(await transferResult(quick, 'TR-REDO-ASKED', first)).toMatchObject({
        distribution: 'CANCELLED',
        settledBy: 'reconciliation',
      });
      const statuses = (await quick.s360Api.listDistributionLines('TR-REDO-ASKED')).map(
        (line) => line.status,
      );
      expect(statuses).toEqual(['CANCELLED', 'PENDING']);
      expect((await quick.s360Api.getTicket('TR-REDO-ASKED'))?.culturalContactId).toBe(anaContact.contactId);
    } finally {
      await quick.stop();
    }
  });

  it('a transfer TIXNGO still shows pending after three questions stays PENDING, and settles when TRANSFERRED comes', async () => {
    const quick = await startTestStack('transfer-quick', { acceptanceWindow: '2s' });
    try {
      const ana = person('Ana');
      const vic = person('Vic', 'Lund');
      await soldTicket(quick, 'TR-WAIT', ana);
      const transfer = transferOf(ana, vic, 10);
      await feed(quick, transferItem('TR-WAIT', 'PENDING_TRANSFER', 10, transfer, ana));
      const handle = transferHandle(quick, 'TR-WAIT', transfer);
      await eventually(async () => {
        const state = await handle.query<TransferResult>('state');
        return (state.reconciliations ?? 0) >= 3 ? state : undefined;
      }, 'three questions to TIXNGO');
      expect((await quick.s360Api.listDistributionLines('TR-WAIT')).map((line) => line.status)).toEqual([
        'PENDING',
      ]);

      await feed(quick, transferItem('TR-WAIT', 'TRANSFERRED', 300, transfer, vic));
      expect(await transferResult(quick, 'TR-WAIT', transfer)).toMatchObject({
        distribution: 'CONFIRMED',
        settledBy: 'event',
        contact: 'completed',
      });
      expect((await quick.s360Api.listDistributionLines('TR-WAIT')).map((line) => line.status)).toEqual([
        'CONFIRMED',
      ]);
      await recordHistory('transfer-pending-asked-then-transferred', handle.workflowId);
    } finally {
      await quick.stop();
    }
  });
});

describe('TIXNGO answers a current state of the ticket that does not validate (a 2-second acceptance window)', () => {
  it('a status TIXNGO added later: the transfer stays PENDING with a warning naming the ticket, is asked again, and settles when TRANSFERRED comes', async () => {
    const metrics = createFeedbackMetrics({ defaultMetrics: false });
    const quick = await startTestStack('transfer-quick-invalid', { acceptanceWindow: '2s' }, { metrics });
    try {
      const ana = person('Ana');
      const bea = person('Bea', 'Lund');
      await soldTicket(quick, 'TR-UNKNOWN-STATUS', ana);
      const transfer = transferOf(ana, bea, 1);
      await feed(quick, transferItem('TR-UNKNOWN-STATUS', 'PENDING_TRANSFER', 1, transfer, ana));
      // Rejected by the page (kept as an open rejection); TIXNGO's current state of the ticket from now on.
      await feed(quick, transferItem('TR-UNKNOWN-STATUS', 'TRANSFER_EXPIRED', 2, transfer, ana));
      const handle = transferHandle(quick, 'TR-UNKNOWN-STATUS', transfer);
      const state = await eventually(async () => {
        const { status } = await handle.describe();
        if (status.name !== 'RUNNING') return { ended: status.name };
        const current = await handle.query<TransferResult>('state');
        return (current.reconciliations ?? 0) >= 2 ? current : undefined;
      }, 'two questions to TIXNGO, or the end of the transfer workflow');
      expect(state).toMatchObject({ distribution: 'PENDING', reconciliations: expect.any(Number) });
      expect((state as TransferResult).warnings).toEqual([
        expect.stringMatching(/ticket TR-UNKNOWN-STATUS.*status.*stays PENDING/),
      ]);
      expect(JSON.stringify(state)).not.toContain(bea.email);
      expect(
        (await quick.s360Api.listDistributionLines('TR-UNKNOWN-STATUS')).map((line) => line.status),
      ).toEqual(['PENDING']);
      // Counted where an alert sees it while the transfer waits (its warnings count when it ends).
      expect(await metrics.registry.metrics()).toMatch(
        new RegExp(
          `tixngo_feedback_unusable_ticket_answers_total\\{organizer="${quick.organizerId}",activity_type="reconcileTransfer"\\} [2-9]`,
        ),
      );

      await feed(quick, transferItem('TR-UNKNOWN-STATUS', 'TRANSFERRED', 300, transfer, bea));
      expect(await transferResult(quick, 'TR-UNKNOWN-STATUS', transfer)).toMatchObject({
        distribution: 'CONFIRMED',
        settledBy: 'event',
        contact: 'completed',
      });
      await recordHistory('transfer-invalid-current-ticket-asked-then-transferred', handle.workflowId);
    } finally {
      await quick.stop();
    }
  });
});

describe('issue 14: every step of opening is retry-safe', () => {
  it('S-360 failing once between settling an older line and moving the cultural contact: the retry still moves it', async () => {
    let failures = 1;
    const flaky = await startTestStack(
      'transfer-retry',
      {},
      {
        wrapS360: (gateway: S360Gateway): S360Gateway => ({
          ...gateway,
          async setCulturalContact(ticketId, contactId, at) {
            if (ticketId === 'TR-RETRY' && failures > 0) {
              failures -= 1;
              throw new TransportError('S-360 unavailable (test)', true, 503);
            }
            return gateway.setCulturalContact(ticketId, contactId, at);
          },
        }),
      },
    );
    try {
      const ana = person('Ana');
      const rey = person('Rey');
      const sol = person('Sol');
      await soldTicket(flaky, 'TR-RETRY', ana);
      const first = transferOf(ana, rey, 10);
      await feed(flaky, transferItem('TR-RETRY', 'PENDING_TRANSFER', 10, first, ana));
      await eventually(async () => {
        const found = await flaky.s360Api.listDistributionLines('TR-RETRY');
        return found.length > 0 ? found : undefined;
      }, 'the first line');
      // Rey accepted and sent it on between two polls: the newer transfer settles the older one.
      await feed(flaky, transferItem('TR-RETRY', 'PENDING_TRANSFER', 30, transferOf(rey, sol, 30), rey));

      await eventually(async () => {
        const [line] = await flaky.s360Api.listDistributionLines('TR-RETRY');
        return line?.status === 'CONFIRMED' ? line : undefined;
      }, 'the first line CONFIRMED');
      const [reyContact] = await flaky.s360Api.findContactsByEmail(rey.email);
      expect((await flaky.s360Api.getTicket('TR-RETRY'))?.culturalContactId).toBe(reyContact?.contactId);
      expect(await transferResult(flaky, 'TR-RETRY', first)).toMatchObject({
        distribution: 'CONFIRMED',
        settledBy: 'newer-transfer',
      });
      expect(failures).toBe(0);
    } finally {
      await flaky.stop();
    }
  });
});

describe('with enableTicketDistributionToCulturalContact=false', () => {
  it('no contact is created and no line is written', async () => {
    const off = await startTestStack('transfer-off', {
      customParameters: 'enableTicketDistributionToCulturalContact=false',
    });
    try {
      const ana = person('Ana');
      const quinn = person('Quinn');
      off.tixngo.changes.append(
        transferItem('TR-OFF', 'PENDING_TRANSFER', 10, transferOf(ana, quinn, 10), ana),
      );
      await feed(off);
      expect(await off.s360Api.findContactsByEmail(quinn.email)).toEqual([]);
      expect(await off.s360Api.listDistributionLines('TR-OFF')).toEqual([]);
      expect((await off.s360Api.getTicket('TR-OFF'))?.mobileStatus).toBe('PENDING_TRANSFER');
    } finally {
      await off.stop();
    }
  });
});
