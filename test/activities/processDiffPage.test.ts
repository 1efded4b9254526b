import { createTransferKeyer } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createFeedbackActivities,
  createTransferActivities,
  httpConnector,
  type PageInput,
  type PageSummary,
} from '../../src/activities';
import { staticConfigStore } from '../../src/config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import { testEnv, uniqueSuffix } from '../support/env';
import { at, ticket } from '../support/tickets';
import type { TransferEvent } from '../../src/domain/transferEvent';
import { MAX_TICKET_BYTES } from '../../src/domain/ticketSize';
import type { ClosedTransfer } from '../../src/activities/transferActivities';

describe('processDiffPage against the simulators over HTTP', () => {
  const suffix = uniqueSuffix();
  const organizerId = `page-${suffix}`;
  let tixngo: TixngoSimulator;
  let s360: S360Simulator;
  let activities: ReturnType<typeof createFeedbackActivities>;
  let transferActivities: ReturnType<typeof createTransferActivities>;

  beforeAll(async () => {
    tixngo = await startTixngoSimulator({ apiKey: 'tixngo-key' });
    s360 = await startS360Simulator({
      databaseUrl: testEnv('DATABASE_URL'),
      schema: `s360_page_${suffix}`,
      apiKeys: ['s360-key'],
    });
    const secrets: Record<string, string> = {
      [tixngoKeyVariable(organizerId)]: 'tixngo-key',
      [s360KeyVariable(organizerId)]: 's360-key',
    };
    const deps = {
      config: staticConfigStore({
        organizers: { [organizerId]: { tixngo: { baseUrl: tixngo.url }, s360: { baseUrl: s360.url } } },
      }),
      connect: httpConnector((name) => secrets[name]),
      transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
    };
    activities = createFeedbackActivities(deps);
    transferActivities = createTransferActivities(deps);
  });
  afterAll(async () => {
    await tixngo.close();
    await s360.close({ dropSchema: true });
  });

  const input: Omit<PageInput, 'organizerId'> = {
    skipTickets: [],
    strict: false,
    distributionEnabled: true,
    openRejectionTicketIds: [],
  };

  it('applying the same page twice changes nothing the second time', async () => {
    tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 1),
      ticket('T-2', 'ASSIGNED', 2),
      ticket('T-1', 'ONLINE_ACTIVATED', 3),
    );
    const env = new MockActivityEnvironment();
    const first: PageSummary = await env.run(activities.processDiffPage, { ...input, organizerId });
    const second: PageSummary = await env.run(activities.processDiffPage, { ...input, organizerId });
    expect([first.items, first.applied, first.unchanged]).toEqual([3, 2, 0]);
    expect([second.items, second.applied, second.unchanged]).toEqual([3, 0, 2]);
    expect(second.nextPaginationKey).toBe(first.nextPaginationKey);

    const gateway = createHttpS360Gateway({
      organizerId,
      baseUrl: s360.url,
      apiKey: 's360-key',
      timeoutMs: 5000,
    });
    expect((await gateway.getTicket('T-1'))?.mobileStatus).toBe('ONLINE_ACTIVATED');
  });

  it('a TIXNGO key refused is a non-retryable failure naming the organizer, never the key', async () => {
    const secrets: Record<string, string> = {
      [tixngoKeyVariable(organizerId)]: 'wrong-key-123',
      [s360KeyVariable(organizerId)]: 's360-key',
    };
    const refused = createFeedbackActivities({
      config: staticConfigStore({
        organizers: { [organizerId]: { tixngo: { baseUrl: tixngo.url }, s360: { baseUrl: s360.url } } },
      }),
      connect: httpConnector((name) => secrets[name]),
      transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
    });
    const failure = await new MockActivityEnvironment()
      .run(refused.processDiffPage, { ...input, organizerId })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'RequestRefused' });
    expect((failure as Error).message).toContain(`organizer "${organizerId}"`);
    expect(JSON.stringify(failure) + String((failure as Error).stack)).not.toContain('wrong-key-123');
  });

  it('a page too large to carry every recipient’s details: later steps come without, and closing fetches them from TIXNGO', async () => {
    const long = (letter: string) => letter.repeat(250);
    const outcomes = Array.from({ length: 900 }, (_, i) => {
      const email = `new-owner-${i}@example.org`;
      return ticket(`TB-${i}`, 'TRANSFERRED', 10, {
        transfer: { senderEmail: `seller-${i}@example.org`, recipientEmail: email, initiatedAt: at(5) },
        spectatorDetails: { firstName: long('F'), lastName: long('L'), idCardNumber: `ID-${i}`, email },
      });
    });
    tixngo.changes.append(...outcomes);
    const page: PageSummary = await new MockActivityEnvironment().run(activities.processDiffPage, {
      ...input,
      organizerId,
    });
    const omitted = page.transfers.filter((event) => event.recipientDetailsOmitted);
    expect(page.transfers).toHaveLength(900);
    expect(omitted.length).toBeGreaterThan(0);
    expect(omitted.every((event) => event.recipient === undefined)).toBe(true);
    expect(JSON.stringify(page.transfers).length).toBeLessThan(1024 * 1024);

    const last = omitted[omitted.length - 1] as TransferEvent;
    const env = new MockActivityEnvironment();
    const opened = await transferActivities.openTransfer({ event: last });
    const closed: ClosedTransfer = await env.run(transferActivities.closeTransfer, {
      event: last,
      lineId: opened.lineId,
      recipientContactId: opened.recipientContactId,
      status: 'CONFIRMED' as const,
    });
    expect([closed.line, closed.contact]).toEqual(['settled', 'completed']);
    const gateway = createHttpS360Gateway({
      organizerId,
      baseUrl: s360.url,
      apiKey: 's360-key',
      timeoutMs: 5000,
    });
    const [contact] = await gateway.findContactsByEmail(last.recipientEmail);
    expect(contact).toEqual(expect.objectContaining({ temporary: false, firstName: long('F') }));
  });

  it('a skip entry that does not parse never fails the page (issue 13): it is left out, the others apply', async () => {
    tixngo.changes.append(ticket('SK-1', 'DOWNLOADED', 1), ticket('SK-2', 'DOWNLOADED', 1));
    const env = new MockActivityEnvironment();
    const page: PageSummary = await env.run(activities.processDiffPage, {
      ...input,
      organizerId,
      skipTickets: ['id:T#1', 'id:', 'id:SK-2'],
    });
    expect(page.rejected).toEqual([]);
    expect(page.skipped).toBeGreaterThanOrEqual(1);
    const gateway = createHttpS360Gateway({
      organizerId,
      baseUrl: s360.url,
      apiKey: 's360-key',
      timeoutMs: 5000,
    });
    expect((await gateway.getTicket('SK-1'))?.mobileStatus).toBe('DOWNLOADED');
    expect(await gateway.getTicket('SK-2')).toBeUndefined();
  });

  it('a 2 MB ticket from TIXNGO is rejected and kept with its size, like an import would; the rest applies', async () => {
    const from = tixngo.changes.keyAt(tixngo.changes.size);
    const extraInfo = Object.fromEntries(
      Array.from({ length: 2_000 }, (_, index) => [`ExtraInfo${index + 1}`, 'x'.repeat(1_000)]),
    );
    tixngo.changes.append(ticket('BIG-1', 'DOWNLOADED', 1, { extraInfo }), ticket('OK-1', 'DOWNLOADED', 1));
    const page: PageSummary = await new MockActivityEnvironment().run(activities.processDiffPage, {
      ...input,
      organizerId,
      paginationKey: from,
    });
    expect([page.items, page.applied, page.rejected.length]).toEqual([2, 1, 1]);
    expect(page.rejected[0]).toMatchObject({ ticketId: 'BIG-1', index: 0, path: '(item)' });
    expect(page.rejected[0]?.reason).toContain(`larger than the ${MAX_TICKET_BYTES} one ticket may take`);
    expect(page.rejected[0]?.raw?.length ?? 0).toBeLessThan(MAX_TICKET_BYTES);
    const gateway = createHttpS360Gateway({
      organizerId,
      baseUrl: s360.url,
      apiKey: 's360-key',
      timeoutMs: 5000,
    });
    expect(await gateway.getTicket('BIG-1')).toBeUndefined();
    expect((await gateway.getTicket('OK-1'))?.mobileStatus).toBe('DOWNLOADED');
  });
});
