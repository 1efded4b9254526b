/**
 * The S-360 contract (docs/s360-api.yaml): the adapter the activities use, against the simulator over
 * HTTP, once per store. Both stores must pass every test unchanged.
 */
import { chooseContact } from '../../src/domain/contact';
import { FEEDBACK_AUTHOR } from '../../src/domain/distribution';
import type { MobileUpdate } from '../../src/domain/mobileUpdate';
import { TransportError } from '../../src/http/transportError';
import { uniqueSuffix } from '../support/env';
import { at, emailFor, startSimulatedS360, STORES, type SimulatedS360 } from './support/simulators';

const ticketIdFor = (name: string): string => `${name}-${uniqueSuffix()}`;

async function refusal(promise: Promise<unknown>): Promise<TransportError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

describe.each(STORES)('S-360 contract on %s', (_label, store) => {
  let s: SimulatedS360;

  beforeAll(async () => {
    s = await startSimulatedS360('contract', store);
  });

  afterAll(async () => {
    await s.stop();
  });

  describe('ticket mobile data', () => {
    const update = (ticketId: string, minute: number, extra: Partial<MobileUpdate> = {}): MobileUpdate => ({
      ticketId,
      mobileStatus: 'DOWNLOADED',
      statusChangedAt: at(minute),
      ...extra,
    });

    it('applies a page in one call; within a page the newest TIXNGO change of a ticket wins', async () => {
      const [a, b] = [ticketIdFor('T-page'), ticketIdFor('T-page')];
      const result = await s.s360.applyMobileUpdates([
        update(a, 1, { mobileStatus: 'INJECTED' }),
        update(b, 2),
        update(a, 5, { mobileStatus: 'ASSIGNED', taxNumber: '1001' }),
        update(a, 3, { mobileStatus: 'DOWNLOADED' }),
      ]);
      expect(result).toEqual({ applied: 2, unchanged: 0 });
      expect(await s.s360.getTicket(a)).toMatchObject({
        ticketId: a,
        taxNumber: '1001',
        mobileStatus: 'ASSIGNED',
        statusChangedAt: at(5),
      });
      expect((await s.s360.getTicket(b))?.mobileStatus).toBe('DOWNLOADED');
    });

    it('an older mobile update after a newer one changes nothing', async () => {
      const ticketId = ticketIdFor('T-older');
      const owner = { firstName: 'Ana', lastName: 'Newer', email: 'ana@example.test' };
      await s.s360.applyMobileUpdates([
        update(ticketId, 10, { mobileStatus: 'TRANSFERRED', walletOwner: owner }),
      ]);
      const before = await s.s360.getTicket(ticketId);

      const bulk = await s.s360.applyMobileUpdates([
        update(ticketId, 9, { mobileStatus: 'PENDING_TRANSFER', walletOwner: { firstName: 'Old' } }),
      ]);
      const single = await s.s360.applyMobileUpdate(
        update(ticketId, 8, { mobileStatus: 'DOWNLOADED', beaconName: 'old-beacon' }),
      );

      expect(bulk).toEqual({ applied: 0, unchanged: 1 });
      expect(single.applied).toBe(false);
      expect(await s.s360.getTicket(ticketId)).toEqual(before);
      expect(before).toMatchObject({ mobileStatus: 'TRANSFERRED', walletOwner: owner, beaconName: null });
    });

    it('applying the same page twice changes nothing and adds no status history', async () => {
      const ticketId = ticketIdFor('T-twice');
      const page = [update(ticketId, 1, { mobileStatus: 'INJECTED' }), update(ticketId, 2)];
      expect(await s.s360.applyMobileUpdates(page)).toEqual({ applied: 1, unchanged: 0 });
      const first = await s.s360.getTicket(ticketId);
      expect(await s.s360.applyMobileUpdates(page)).toEqual({ applied: 0, unchanged: 1 });
      expect(await s.s360.getTicket(ticketId)).toEqual(first);
    });

    it('keeps the history of mobile status changes, once per change, oldest first', async () => {
      const ticketId = ticketIdFor('T-history');
      await s.s360.applyMobileUpdate(update(ticketId, 1, { mobileStatus: 'INJECTED' }));
      await s.s360.applyMobileUpdates([update(ticketId, 2, { mobileStatus: 'DOWNLOADED' })]);
      await s.s360.applyMobileUpdate(update(ticketId, 2, { mobileStatus: 'DOWNLOADED' }));
      await s.s360.applyMobileUpdates([update(ticketId, 4, { mobileStatus: 'PENDING_TRANSFER' })]);
      await s.s360.applyMobileUpdate(update(ticketId, 3, { mobileStatus: 'ASSIGNED' }));
      await s.s360.applyMobileUpdates([update(ticketId, 6, { mobileStatus: 'TRANSFERRED' })]);

      expect((await s.s360.getTicket(ticketId))?.statusHistory).toEqual([
        { status: 'INJECTED', at: at(1) },
        { status: 'DOWNLOADED', at: at(2) },
        { status: 'PENDING_TRANSFER', at: at(4) },
        { status: 'TRANSFERRED', at: at(6) },
      ]);
    });

    it('overwrites only what TIXNGO sent', async () => {
      const ticketId = ticketIdFor('T-partial');
      const holder = { firstName: 'Hugo', lastName: 'Holder' };
      await s.s360.applyMobileUpdate(
        update(ticketId, 1, {
          holder,
          beaconName: 'gate-7',
          extraInfo: { ExtraInfo1: 'row 4', ExtraInfo2: 'seat 9' },
        }),
      );
      const result = await s.s360.applyMobileUpdate(
        update(ticketId, 2, { mobileStatus: 'ONLINE_ACTIVATED', extraInfo: { ExtraInfo2: 'seat 10' } }),
      );
      expect(result.applied).toBe(true);
      expect(result.ticket).toMatchObject({
        mobileStatus: 'ONLINE_ACTIVATED',
        holder,
        beaconName: 'gate-7',
        extraInfo: { ExtraInfo1: 'row 4', ExtraInfo2: 'seat 10' },
      });
    });

    it('serves ticket ids with spaces, slashes and parentheses; an unknown ticket is absent', async () => {
      const ticketId = `EV 1/(A)*+.-_${uniqueSuffix()}`;
      await s.s360.applyMobileUpdate(update(ticketId, 1));
      expect((await s.s360.getTicket(ticketId))?.ticketId).toBe(ticketId);
      expect(await s.s360.getTicket(`missing-${uniqueSuffix()}`)).toBeUndefined();
    });

    it('applies a full page of 2,000 tickets in one call, and the same page again changes nothing', async () => {
      const prefix = ticketIdFor('T-bulk');
      const page = Array.from({ length: 2000 }, (_, index) =>
        update(`${prefix}-${index}`, index % 60, {
          mobileStatus: 'DOWNLOADED',
          taxNumber: String(100_000 + index),
          walletOwner: { email: `owner${index}@example.test` },
        }),
      );
      expect(await s.s360.applyMobileUpdates(page)).toEqual({ applied: 2000, unchanged: 0 });
      expect(await s.s360.applyMobileUpdates(page)).toEqual({ applied: 0, unchanged: 2000 });
      expect(await s.s360.getTicket(`${prefix}-1999`)).toMatchObject({
        taxNumber: '101999',
        walletOwner: { email: 'owner1999@example.test' },
        statusHistory: [{ status: 'DOWNLOADED', at: at(1999 % 60) }],
      });
    });

    it('answers 400 with a clear message for a body that is not JSON', async () => {
      const response = await s.raw.post('/api/v1/tickets/mobile-updates', '{"updates": [', {
        headers: { 'content-type': 'application/json' },
        transformRequest: [(body: string) => body],
      });
      expect(response.status).toBe(400);
      expect(response.data.message).toBe(
        "Body is not valid JSON but content-type is set to 'application/json'",
      );
    });

    it('answers 400 with the field and the problem for an unknown status', async () => {
      const response = await s.raw.post('/api/v1/tickets/mobile-updates', {
        updates: [{ ticketId: 'T-bad', mobileStatus: 'LOST_IN_SPACE', statusChangedAt: at(1) }],
      });
      expect(response.status).toBe(400);
      expect(response.data.message).toMatch(/^invalid request: body\.updates\.0\.mobileStatus: /);
    });
  });

  describe('contacts', () => {
    it('creates a temporary contact named "Pending CREATION" from an e-mail alone', async () => {
      const email = emailFor('recipient');
      const contact = await s.s360.createContact(
        { email, temporary: true, hasInternetAccount: true },
        { idempotencyKey: `contact:${email}` },
      );
      expect(contact).toMatchObject({
        email,
        firstName: 'Pending',
        lastName: 'CREATION',
        temporary: true,
        hasInternetAccount: true,
        structure: 'INDIVIDUAL',
      });
      expect(await s.s360.getContact(contact.contactId)).toEqual(contact);
    });

    it('one idempotency key used twice creates one contact and answers the same', async () => {
      const email = emailFor('twice');
      const key = `contact:${email}`;
      const before = await s.sim.store.count('contacts');
      const first = await s.s360.createContact({ email, temporary: true }, { idempotencyKey: key });
      const again = await s.s360.createContact({ email, temporary: true }, { idempotencyKey: key });
      const concurrent = await Promise.all(
        [1, 2, 3].map(() => s.s360.createContact({ email, temporary: true }, { idempotencyKey: key })),
      );
      expect(again).toEqual(first);
      expect(concurrent).toEqual([first, first, first]);
      expect(await s.s360.findContactsByEmail(email)).toEqual([first]);
      expect((await s.sim.store.count('contacts')) - before).toBe(1);
    });

    it('concurrent creates with one new idempotency key create one contact', async () => {
      const email = emailFor('race');
      const key = `contact:${email}`;
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => s.s360.createContact({ email, temporary: true }, { idempotencyKey: key })),
      );
      expect(new Set(answers.map((contact) => contact.contactId)).size).toBe(1);
      expect(await s.s360.findContactsByEmail(email)).toEqual([answers[0]]);
    });

    it('the same idempotency key with another request is refused with 422', async () => {
      const key = `contact:${uniqueSuffix()}`;
      await s.s360.createContact({ email: emailFor('first'), temporary: true }, { idempotencyKey: key });
      const error = await refusal(
        s.s360.createContact({ email: emailFor('second'), temporary: true }, { idempotencyKey: key }),
      );
      expect(error.status).toBe(422);
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`Idempotency-Key "${key}" was already used for a different request`);
    });

    it('a replayed create answers the first status and body, and says it is a replay', async () => {
      const body = { email: emailFor('replay'), temporary: true };
      const headers = { 'idempotency-key': `contact:${body.email}` };
      const first = await s.raw.post('/api/v1/contacts', body, { headers });
      const second = await s.raw.post('/api/v1/contacts', body, { headers });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.data).toEqual(first.data);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(second.headers['idempotent-replayed']).toBe('true');
    });

    it('a create without Idempotency-Key is refused with 400', async () => {
      const response = await s.raw.post('/api/v1/contacts', { email: emailFor('nokey'), temporary: true });
      expect(response.status).toBe(400);
      expect(response.data.message).toContain('Idempotency-Key header is required');
    });

    it('finds every contact of an e-mail without regard to case; the choice prefers an internet account', async () => {
      const email = emailFor('shared');
      const create = (suffix: string, contact: Parameters<SimulatedS360['s360']['createContact']>[0]) =>
        s.s360.createContact(contact, { idempotencyKey: `contact:${email}:${suffix}` });
      const relay = await create('relay', {
        email,
        structure: 'RELAY',
        lastName: 'Agency',
        hasInternetAccount: true,
      });
      const noAccount = await create('plain', { email, firstName: 'Zoe', lastName: 'Plain' });
      const individual = await create('ind', {
        email: email.toUpperCase(),
        firstName: 'Zoe',
        lastName: 'Web',
        hasInternetAccount: true,
      });

      const found = await s.s360.findContactsByEmail(`  ${email.toUpperCase()} `);
      expect(found.map((contact) => contact.contactId)).toEqual([
        relay.contactId,
        noAccount.contactId,
        individual.contactId,
      ]);
      expect(chooseContact(found)?.contactId).toBe(individual.contactId);
    });

    it('completes a temporary contact with the recipient’s details; it is then a normal contact', async () => {
      const email = emailFor('accepting');
      const temporary = await s.s360.createContact(
        { email, temporary: true },
        { idempotencyKey: `c:${email}` },
      );
      const fields = {
        title: 'Ms',
        firstName: 'Rita',
        lastName: 'Recipient',
        birthdate: '1990-04-01',
        nationality: 'CH',
        idNumber: 'X1234567',
        cellPhone: '+41790000000',
        countryCode: 'FR',
        preferredLanguage: 'fr',
        consentInstitutionEmail: true,
        consentThirdPartyEmail: false,
      };
      const result = await s.s360.updateTemporaryContact(temporary.contactId, fields, {
        idempotencyKey: `complete:${email}`,
      });
      expect(result.outcome).toBe('updated');
      expect(result.contact).toMatchObject({ ...fields, email, temporary: false });
      expect(await s.s360.getContact(temporary.contactId)).toEqual(result.contact);

      const replay = await s.s360.updateTemporaryContact(temporary.contactId, fields, {
        idempotencyKey: `complete:${email}`,
      });
      expect(replay).toEqual(result);
    });

    it('a normal contact is never updated: 409 with a clear message', async () => {
      const email = emailFor('normal');
      const normal = await s.s360.createContact(
        { email, firstName: 'Nora', lastName: 'Normal', hasInternetAccount: true },
        { idempotencyKey: `c:${email}` },
      );
      const result = await s.s360.updateTemporaryContact(normal.contactId, { firstName: 'Changed' });
      expect(result).toEqual({ outcome: 'refused-not-temporary', contact: normal });
      expect(await s.s360.getContact(normal.contactId)).toEqual(normal);

      const response = await s.raw.patch(`/api/v1/contacts/${normal.contactId}`, { lastName: 'Other' });
      expect(response.status).toBe(409);
      expect(response.data.message).toBe(
        `contact ${normal.contactId} (Nora Normal) is a normal contact: S-360 only updates temporary "Pending CREATION" contacts`,
      );
    });

    it('an unknown contact is absent; a bad contact id is a 400', async () => {
      expect(await s.s360.getContact(987654321)).toBeUndefined();
      const response = await s.raw.get('/api/v1/contacts/abc');
      expect(response.status).toBe(400);
      expect(response.data.message).toMatch(/^invalid request: path\.contactId: /);
    });
  });

  describe('cultural contact', () => {
    it('becomes the recipient’s; an older ownership change never replaces a newer one', async () => {
      const ticketId = ticketIdFor('T-cultural');
      const sender = await s.s360.createContact(
        { email: emailFor('sender'), lastName: 'Sender' },
        { idempotencyKey: `c:${uniqueSuffix()}` },
      );
      const recipient = await s.s360.createContact(
        { email: emailFor('recipient'), lastName: 'Recipient' },
        { idempotencyKey: `c:${uniqueSuffix()}` },
      );
      await s.sim.store.seedTicket({ ticketId, culturalContactId: sender.contactId });

      const changed = await s.s360.setCulturalContact(ticketId, recipient.contactId, at(20));
      const again = await s.s360.setCulturalContact(ticketId, recipient.contactId, at(20));
      const older = await s.s360.setCulturalContact(ticketId, sender.contactId, at(10));

      expect(changed.outcome).toBe('changed');
      expect(again.outcome).toBe('unchanged');
      expect(older.outcome).toBe('stale');
      expect(changed.ticket).toMatchObject({
        culturalContactId: recipient.contactId,
        culturalContactChangedAt: at(20),
      });
      expect(older.ticket).toEqual(changed.ticket);
      expect(await s.s360.getTicket(ticketId)).toMatchObject({
        culturalContactId: recipient.contactId,
        culturalContactChangedAt: at(20),
      });
    });

    it('refuses an unknown ticket (404) and an unknown contact (422)', async () => {
      const unknownTicket = await refusal(s.s360.setCulturalContact(ticketIdFor('T-none'), 1, at(1)));
      expect(unknownTicket.status).toBe(404);
      const ticketId = ticketIdFor('T-cc');
      await s.sim.store.seedTicket({ ticketId });
      const unknownContact = await refusal(s.s360.setCulturalContact(ticketId, 987654321, at(1)));
      expect(unknownContact.status).toBe(422);
      expect(unknownContact.message).toContain('contact 987654321 does not exist');
    });
  });

  describe('distribution history', () => {
    async function transferSetup(name: string) {
      const ticketId = ticketIdFor(name);
      const sender = await s.s360.createContact(
        { email: emailFor('sender'), firstName: 'Sam', lastName: 'Sender' },
        { idempotencyKey: `c:${uniqueSuffix()}` },
      );
      const recipient = await s.s360.createContact(
        { email: emailFor('recipient'), temporary: true, hasInternetAccount: true },
        { idempotencyKey: `c:${uniqueSuffix()}` },
      );
      await s.sim.store.seedTicket({ ticketId, culturalContactId: sender.contactId });
      const transferId = `tr-${uniqueSuffix()}`;
      const line = {
        oldContactId: sender.contactId,
        newContactId: recipient.contactId,
        occurredAt: at(30),
        by: FEEDBACK_AUTHOR,
        transferId,
      };
      return { ticketId, sender, recipient, transferId, line, key: `distribution:${ticketId}:${transferId}` };
    }

    it('adds a PENDING "Distribute" line; one idempotency key used twice yields one line', async () => {
      const { ticketId, sender, recipient, transferId, line, key } = await transferSetup('T-line');
      const rowsBefore = await s.sim.store.count('distribution_lines');
      const first = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });
      const again = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });
      const concurrent = await Promise.all(
        [1, 2].map(() => s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key })),
      );

      expect(again).toEqual(first);
      expect(concurrent).toEqual([first, first]);
      expect((await s.sim.store.count('distribution_lines')) - rowsBefore).toBe(1);
      expect(first).toMatchObject({
        ticketId,
        action: 'Distribute',
        oldContactId: sender.contactId,
        newContactId: recipient.contactId,
        status: 'PENDING',
        occurredAt: at(30),
        by: FEEDBACK_AUTHOR,
        transferId,
        settledAt: null,
      });
      expect(await s.s360.listDistributionLines(ticketId)).toEqual([first]);
    });

    it('settles a line one way: PENDING → CONFIRMED, again is a no-op, never to CANCELLED', async () => {
      const { ticketId, line, key } = await transferSetup('T-settle');
      const pending = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });

      const settled = await s.s360.settleDistributionLine(ticketId, pending.lineId, 'CONFIRMED', at(40));
      const again = await s.s360.settleDistributionLine(ticketId, pending.lineId, 'CONFIRMED', at(45));
      const across = await refusal(s.s360.settleDistributionLine(ticketId, pending.lineId, 'CANCELLED'));

      expect(settled).toEqual({
        outcome: 'settled',
        line: { ...pending, status: 'CONFIRMED', settledAt: at(40) },
      });
      expect(again).toEqual({ outcome: 'unchanged', line: settled.line });
      expect(across.status).toBe(409);
      expect(across.retryable).toBe(false);
      expect(across.message).toContain(
        `distribution line ${pending.lineId} of ticket "${ticketId}" is already CONFIRMED: it cannot become CANCELLED`,
      );
      expect(await s.s360.listDistributionLines(ticketId)).toEqual([settled.line]);
    });

    it('a cancelled line stays cancelled; a line can be written settled when no PENDING was seen', async () => {
      const { ticketId, line, key } = await transferSetup('T-cancel');
      const pending = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });
      await s.s360.settleDistributionLine(ticketId, pending.lineId, 'CANCELLED', at(31));
      const back = await refusal(s.s360.settleDistributionLine(ticketId, pending.lineId, 'CONFIRMED'));
      expect(back.status).toBe(409);

      const late = await s.s360.addDistributionLine(
        ticketId,
        { ...line, occurredAt: at(50), transferId: 'tr-late', status: 'CONFIRMED' },
        { idempotencyKey: `${key}:late` },
      );
      expect(late).toMatchObject({ status: 'CONFIRMED', settledAt: at(50) });
      expect((await s.s360.listDistributionLines(ticketId)).map((l) => [l.status, l.occurredAt])).toEqual([
        ['CANCELLED', at(30)],
        ['CONFIRMED', at(50)],
      ]);
    });

    it('refuses a line for an unknown ticket (404), with an unknown contact (422), or settling to PENDING (400)', async () => {
      const { ticketId, line, key } = await transferSetup('T-refuse');
      const noTicket = await refusal(
        s.s360.addDistributionLine(ticketIdFor('T-none'), line, { idempotencyKey: `${key}:a` }),
      );
      expect(noTicket.status).toBe(404);
      const noContact = await refusal(
        s.s360.addDistributionLine(
          ticketId,
          { ...line, newContactId: 987654321 },
          { idempotencyKey: `${key}:b` },
        ),
      );
      expect(noContact.status).toBe(422);
      expect(noContact.message).toContain('contact 987654321 does not exist');
      expect(await s.s360.listDistributionLines(ticketId)).toEqual([]);

      const pending = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });
      const response = await s.raw.post(
        `/api/v1/tickets/${encodeURIComponent(ticketId)}/distribution-lines/${pending.lineId}/settle`,
        { status: 'PENDING' },
      );
      expect(response.status).toBe(400);
      expect(response.data.message).toMatch(/^invalid request: body\.status: /);
    });

    it('lists an unknown ticket’s history as 404, a ticket without lines as empty; settles no line of another ticket', async () => {
      const { ticketId, line, key } = await transferSetup('T-list');
      const unknown = await refusal(s.s360.listDistributionLines(ticketIdFor('T-none')));
      expect(unknown.status).toBe(404);
      expect(await s.s360.listDistributionLines(ticketId)).toEqual([]);

      const pending = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });
      const other = ticketIdFor('T-other');
      await s.sim.store.seedTicket({ ticketId: other });
      const foreign = await refusal(s.s360.settleDistributionLine(other, pending.lineId, 'CONFIRMED'));
      expect(foreign.status).toBe(404);
      const missing = await refusal(s.s360.settleDistributionLine(ticketId, 987654321, 'CONFIRMED'));
      expect(missing.status).toBe(404);
      expect(await s.s360.listDistributionLines(ticketId)).toEqual([pending]);
    });

    it('settles a line once when two settle it at once', async () => {
      const { ticketId, line, key } = await transferSetup('T-race');
      const pending = await s.s360.addDistributionLine(ticketId, line, { idempotencyKey: key });
      const both = await Promise.all(
        [at(40), at(41)].map((when) =>
          s.s360.settleDistributionLine(ticketId, pending.lineId, 'CONFIRMED', when),
        ),
      );
      expect(both.map((result) => result.outcome).sort()).toEqual(['settled', 'unchanged']);
      expect(both[0]?.line).toEqual(both[1]?.line);
    });
  });

  describe('simulator control', () => {
    it('seeds a ticket as S-360 sold it, with its cultural contact, over HTTP', async () => {
      const ticketId = ticketIdFor('T-seed');
      const buyer = await s.s360.createContact(
        { email: emailFor('buyer'), lastName: 'Buyer' },
        { idempotencyKey: `c:${ticketId}` },
      );
      const response = await s.raw.post('/__sim/tickets', {
        ticketId,
        taxNumber: '777',
        culturalContactId: buyer.contactId,
      });
      expect(response.status).toBe(201);
      expect(await s.s360.getTicket(ticketId)).toMatchObject({
        ticketId,
        taxNumber: '777',
        mobileStatus: null,
        culturalContactId: buyer.contactId,
        statusHistory: [],
      });
    });
  });

  describe('authentication', () => {
    it('refuses a wrong API key with a non-retryable 401 naming the organizer and the operation', async () => {
      const { createHttpS360Gateway } = await import('../../src/s360/httpGateway');
      const wrong = createHttpS360Gateway({
        organizerId: s.organizerId,
        baseUrl: s.sim.url,
        apiKey: 'not-the-key',
        timeoutMs: 5000,
      });
      const error = await refusal(wrong.findContactsByEmail('someone@example.test'));
      expect(error).toMatchObject({ status: 401, retryable: false });
      expect(error.message).toBe(
        `S-360 GET /api/v1/contacts?email=… for organizer "${s.organizerId}" failed with HTTP 401: missing or unknown API key (send Authorization: Bearer <key>)`,
      );
    });
  });
});
