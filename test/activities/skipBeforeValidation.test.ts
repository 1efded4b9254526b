import { MockActivityEnvironment } from '@temporalio/testing';
import { createFeedbackActivities, httpConnector, type PageSummary } from '../../src/activities';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { staticConfigStore } from '../../src/config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import { testEnv, uniqueSuffix } from '../support/env';
import { ticket } from '../support/tickets';

/**
 * A skipped ticket is left out before validation (SPEC §2, §9): an invalid item whose ticket id or
 * tax number is skipped counts as skipped, never as a rejection, so it neither halts a page mostly
 * rejected nor stops a strict run.
 */
describe('skip entries apply before validation (processDiffPage over HTTP)', () => {
  const suffix = uniqueSuffix();
  let s360: S360Simulator;
  const tixngos: TixngoSimulator[] = [];
  let organizers = 0;

  beforeAll(async () => {
    s360 = await startS360Simulator({
      databaseUrl: testEnv('DATABASE_URL'),
      schema: `s360_skipval_${suffix}`,
      apiKeys: ['s360-key'],
    });
  });
  afterAll(async () => {
    await Promise.all(tixngos.map((sim) => sim.close()));
    await s360.close({ dropSchema: true });
  });

  /** A fresh organizer with its own TIXNGO diff holding `items`. */
  async function organizerWith(items: unknown[]) {
    const organizerId = `skipval-${suffix}-${(organizers += 1)}`;
    const tixngo = await startTixngoSimulator({ apiKey: 'tixngo-key' });
    tixngos.push(tixngo);
    tixngo.changes.append(...(items as ReturnType<typeof ticket>[]));
    const secrets: Record<string, string> = {
      [tixngoKeyVariable(organizerId)]: 'tixngo-key',
      [s360KeyVariable(organizerId)]: 's360-key',
    };
    const activities = createFeedbackActivities({
      config: staticConfigStore({
        organizers: { [organizerId]: { tixngo: { baseUrl: tixngo.url }, s360: { baseUrl: s360.url } } },
      }),
      connect: httpConnector((name) => secrets[name]),
      transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
    });
    const gateway = createHttpS360Gateway({
      organizerId,
      baseUrl: s360.url,
      apiKey: 's360-key',
      timeoutMs: 5000,
    });
    const page = (skipTickets: string[], strict = false): Promise<PageSummary> =>
      new MockActivityEnvironment().run(activities.processDiffPage, {
        organizerId,
        skipTickets,
        strict,
        distributionEnabled: false,
        openRejectionTicketIds: [],
      });
    return { page, gateway };
  }

  const mostlyInvalid = (prefix: string) => [
    ...Array.from({ length: 15 }, (_, i) => ticket(`${prefix}-${i}`, 'RESALE_LISTED', 1)),
    ...Array.from({ length: 10 }, (_, i) => ticket(`${prefix}-OK-${i}`, 'DOWNLOADED', 1)),
  ];

  it('a page mostly rejected names the tickets to skip, and skipping them releases it', async () => {
    const { page, gateway } = await organizerWith(mostlyInvalid('NEWST'));
    const halted = await page([]);
    expect(halted.refused).toEqual(expect.stringContaining('id:NEWST-0'));
    expect(halted.refused).toEqual(expect.stringContaining('15 of 25 items'));

    const released = await page(Array.from({ length: 15 }, (_, i) => `id:NEWST-${i}`));
    expect(released.refused).toBeUndefined();
    expect(released).toEqual(expect.objectContaining({ rejected: [], skipped: 15, applied: 10 }));
    expect((await gateway.getTicket('NEWST-OK-0'))?.mobileStatus).toBe('DOWNLOADED');
  });

  it('skipping by tax number releases the page too', async () => {
    const { page } = await organizerWith(mostlyInvalid('TAXST'));
    const released = await page(Array.from({ length: 15 }, (_, i) => `tax-TAXST-${i}`));
    expect(released.refused).toBeUndefined();
    expect(released).toEqual(expect.objectContaining({ rejected: [], skipped: 15, applied: 10 }));
  });

  it('strict mode goes past a skipped invalid ticket', async () => {
    const { page, gateway } = await organizerWith([
      ticket('Q-0', 'DOWNLOADED', 1),
      ticket('Q-1', 'RESALE_LISTED', 1),
      ticket('Q-2', 'DOWNLOADED', 1),
    ]);
    const summary = await page(['id:Q-1'], true);
    expect(summary.halted).toBeUndefined();
    expect(summary).toEqual(expect.objectContaining({ rejected: [], skipped: 1, applied: 2, heldBack: 0 }));
    expect((await gateway.getTicket('Q-2'))?.mobileStatus).toBe('DOWNLOADED');
  });

  it('an item whose ticket id is invalid is skipped by its tax number, and a rejection carries it', async () => {
    const { page } = await organizerWith([ticket('S-3\u0000', 'DOWNLOADED', 1, { taxNumber: 'TX-S3' })]);
    expect((await page([])).rejected).toEqual([expect.objectContaining({ taxNumber: 'TX-S3' })]);
    expect(await page(['TX-S3'])).toEqual(expect.objectContaining({ rejected: [], skipped: 1 }));
  });

  it('an item whose ticket id is invalid and has no tax number is skipped by its id in quotes', async () => {
    const { page } = await organizerWith([{ ticketId: 'S-4\u0000', status: 'DOWNLOADED' }]);
    expect(await page(['id:"S-4\\u0000"'])).toEqual(expect.objectContaining({ rejected: [], skipped: 1 }));
  });
});
