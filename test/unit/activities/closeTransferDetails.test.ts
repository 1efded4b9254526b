/**
 * Closing an accepted transfer whose page could not carry the new owner's details asks TIXNGO for
 * them; details TIXNGO answers that we cannot use (text S-360 cannot store…) must not fail the
 * transfer for good (issue 13, item 10): it closes without them.
 */
import { createTransferActivities } from '../../../src/activities/transferActivities';
import { createTransferKeyer } from '../../../src/activities/transferKeys';
import { staticConfigStore } from '../../../src/config/configStore';
import { TransportError } from '../../../src/http/transportError';
import type { S360Gateway } from '../../../src/s360/gateway';
import type { DiffClient } from '../../../src/tixngo/diffClient';
import type { TransferEvent } from '../../../src/domain/transferEvent';

const ORG = 'close-details';
const event: TransferEvent = {
  organizerId: ORG,
  ticketId: 'T-1',
  transferKey: 'TX-1',
  status: 'TRANSFERRED',
  statusChangedAt: '2026-12-01T08:10:00.000Z',
  senderEmail: 'ana@example.test',
  recipientEmail: 'ben@example.test',
  recipientDetailsOmitted: true,
};

function activitiesWith(getTicket: DiffClient['getTicket']) {
  const calls: string[] = [];
  const s360 = {
    async setCulturalContact() {
      calls.push('setCulturalContact');
      return { outcome: 'changed' };
    },
    async settleDistributionLine() {
      calls.push('settleDistributionLine');
      return { outcome: 'settled' };
    },
    async updateTemporaryContact() {
      calls.push('updateTemporaryContact');
      throw new Error('not expected: no details to complete the contact with');
    },
  } as unknown as S360Gateway;
  const activities = createTransferActivities({
    config: staticConfigStore({
      organizers: {
        [ORG]: { tixngo: { baseUrl: 'http://tixngo.invalid' }, s360: { baseUrl: 'http://s360.invalid' } },
      },
    }),
    connect: () => ({ s360, tixngo: { getTicket } as DiffClient }),
    transferKeys: createTransferKeyer('close-transfer-details-test-secret-32chars'),
  });
  return { activities, calls };
}

it('closes an accepted transfer without the owner’s details when TIXNGO answers invalid ones', async () => {
  const { activities, calls } = activitiesWith(async () => {
    throw new TransportError(
      'TIXNGO answered organizer "close-details" with an unexpected body (GET /tickets/{ticketId}): ticket "T-1": spectatorDetails.firstName: contains U+0000 (NUL)',
      false,
      undefined,
      undefined,
      'bad-response',
    );
  });
  const closed = await activities.closeTransfer({
    event,
    lineId: 7,
    recipientContactId: 3,
    status: 'CONFIRMED',
  });
  expect(closed).toMatchObject({ status: 'CONFIRMED', contact: 'no-details', line: 'settled' });
  expect(calls).toEqual(['setCulturalContact', 'settleDistributionLine']);
});

it('an outage of TIXNGO is still retried (the activity fails retryable)', async () => {
  const { activities } = activitiesWith(async () => {
    throw new TransportError('TIXNGO failed to answer (HTTP 503)', true, 503, undefined, 'server');
  });
  await expect(
    activities.closeTransfer({ event, lineId: 7, recipientContactId: 3, status: 'CONFIRMED' }),
  ).rejects.toMatchObject({ nonRetryable: false });
});
