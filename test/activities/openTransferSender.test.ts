/**
 * Opening a transfer completes the sender's temporary contact from TIXNGO's details of the sender
 * (SPEC §7); when the page could not carry them, TIXNGO is asked, and only then (S-360 simulator
 * over HTTP on PostgreSQL; TIXNGO's current ticket given by a stand-in).
 */
import { createTransferActivities } from '../../src/activities/transferActivities';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { staticConfigStore } from '../../src/config/configStore';
import type { DiffItem } from '../../src/domain/diffItem';
import type { TransferEvent } from '../../src/domain/transferEvent';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import type { DiffClient } from '../../src/tixngo/diffClient';
import { testEnv, uniqueSuffix } from '../support/env';

const suffix = uniqueSuffix();
const ORG = `open-sender-${suffix}`;
const API_KEY = `s360-key-${suffix}`;
let s360: S360Simulator;
beforeAll(async () => {
  s360 = await startS360Simulator({
    databaseUrl: testEnv('DATABASE_URL'),
    schema: `s360_open_sender_${suffix}`,
    apiKeys: [API_KEY],
  });
});
afterAll(async () => {
  await s360.close({ dropSchema: true });
});

function activitiesWith(current: DiffItem | null) {
  const asked: string[] = [];
  const gateway = createHttpS360Gateway({
    organizerId: ORG,
    baseUrl: s360.url,
    apiKey: API_KEY,
    timeoutMs: 10_000,
  });
  const getTicket: DiffClient['getTicket'] = async (ticketId) => {
    asked.push(ticketId);
    return current;
  };
  const activities = createTransferActivities({
    config: staticConfigStore({
      organizers: { [ORG]: { tixngo: { baseUrl: 'http://tixngo.invalid' }, s360: { baseUrl: s360.url } } },
    }),
    connect: () => ({ s360: gateway, tixngo: { getTicket } as DiffClient }),
    transferKeys: createTransferKeyer('open-transfer-sender-test-secret-32chars'),
  });
  return { activities, gateway, asked };
}

/** The ticket as S-360 has it once injected. */
async function injected(ticketId: string): Promise<void> {
  const gateway = createHttpS360Gateway({
    organizerId: ORG,
    baseUrl: s360.url,
    apiKey: API_KEY,
    timeoutMs: 10_000,
  });
  await gateway.applyMobileUpdate({
    ticketId,
    mobileStatus: 'DOWNLOADED',
    statusChangedAt: '2026-12-01T08:00:00.000Z',
  });
}

const pending = (ticketId: string, sender: string, extra: Partial<TransferEvent> = {}): TransferEvent => ({
  organizerId: ORG,
  ticketId,
  transferKey: `TX-${ticketId}`,
  status: 'PENDING_TRANSFER',
  statusChangedAt: '2026-12-01T08:10:00.000Z',
  senderEmail: sender,
  recipientEmail: `finn-${ticketId.toLowerCase()}-${suffix}@example.test`,
  ...extra,
});
const owner = (ticketId: string, email: string, lastName: string): DiffItem =>
  ({
    ticketId,
    status: 'PENDING_TRANSFER',
    statusChangedAt: '2026-12-01T08:10:00.000Z',
    spectatorDetails: { firstName: 'Eve', lastName, email },
  }) as DiffItem;

it('details the page could not carry: TIXNGO’s owner, when still the sender, completes the temporary contact', async () => {
  const eve = `eve-1-${suffix}@example.test`;
  await injected('T-1');
  const { activities, gateway, asked } = activitiesWith(owner('T-1', eve, 'Laurent'));
  await activities.openTransfer({ event: pending('T-1', eve, { senderDetailsOmitted: true }) });
  expect(asked).toEqual(['T-1']);
  expect(await gateway.findContactsByEmail(eve)).toMatchObject([{ temporary: false, lastName: 'Laurent' }]);
});

it('TIXNGO’s owner is someone else by now: the sender’s contact stays temporary', async () => {
  const eve = `eve-2-${suffix}@example.test`;
  await injected('T-2');
  const { activities, gateway } = activitiesWith(owner('T-2', `other-${suffix}@example.test`, 'Other'));
  await activities.openTransfer({ event: pending('T-2', eve, { senderDetailsOmitted: true }) });
  expect(await gateway.findContactsByEmail(eve)).toMatchObject([{ temporary: true }]);
});

it('a normal sender contact is never updated, and TIXNGO is not asked for it', async () => {
  const eve = `eve-3-${suffix}@example.test`;
  await injected('T-3');
  const { activities, gateway, asked } = activitiesWith(owner('T-3', eve, 'Changed'));
  await gateway.createContact(
    { email: eve, firstName: 'Eve', lastName: 'Known', hasInternetAccount: true },
    { idempotencyKey: `seed-${suffix}` },
  );
  await activities.openTransfer({ event: pending('T-3', eve, { senderDetailsOmitted: true }) });
  await activities.openTransfer({
    event: pending('T-3', eve, {
      transferKey: 'TX-T-3b',
      sender: { firstName: 'Eve', lastName: 'Changed', email: eve },
    }),
  });
  expect(asked).toEqual([]);
  expect(await gateway.findContactsByEmail(eve)).toMatchObject([{ temporary: false, lastName: 'Known' }]);
});
