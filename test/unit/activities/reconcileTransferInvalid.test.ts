/**
 * Asking TIXNGO about a transfer after its acceptance window: a current state of the ticket that does
 * not validate (a status TIXNGO added later, any invalid field) decides nothing and must not fail the
 * transfer for good. It stays PENDING (TIXNGO decides, issue 14) with a warning naming the ticket.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { UNEXPECTED_ERROR_MAX_ATTEMPTS } from '../../../src/activities/failures';
import { createTransferActivities } from '../../../src/activities/transferActivities';
import { createTransferKeyer } from '../../../src/activities/transferKeys';
import { staticConfigStore } from '../../../src/config/configStore';
import { createFeedbackMetrics, type FeedbackMetrics } from '../../../src/observability/metrics';
import { TransportError } from '../../../src/http/transportError';
import type { S360Gateway } from '../../../src/s360/gateway';
import type { DiffClient } from '../../../src/tixngo/diffClient';

const ORG = 'reconcile-invalid';
const input = {
  organizerId: ORG,
  ticketId: 'T-1',
  transferKey: 'TX-1',
  recipientEmail: 'ben@example.test',
};

function activitiesWith(getTicket: DiffClient['getTicket'], metrics?: FeedbackMetrics) {
  return createTransferActivities({
    metrics,
    config: staticConfigStore({
      organizers: {
        [ORG]: { tixngo: { baseUrl: 'http://tixngo.invalid' }, s360: { baseUrl: 'http://s360.invalid' } },
      },
    }),
    connect: () => ({ s360: {} as S360Gateway, tixngo: { getTicket } as DiffClient }),
    transferKeys: createTransferKeyer('reconcile-transfer-invalid-test-secret-32chars'),
  });
}

const unknownStatus = () =>
  new TransportError(
    'TIXNGO answered organizer "reconcile-invalid" with an unexpected body (GET /tickets/{ticketId}): ticket "T-1": status: unknown status "TRANSFER_EXPIRED".',
    false,
    undefined,
    undefined,
    'bad-response',
  );

it('a status TIXNGO added later: PENDING with a warning naming the ticket and the problem', async () => {
  const reconciled = await activitiesWith(async () => {
    throw unknownStatus();
  }).reconcileTransfer(input);
  expect(reconciled).toEqual({
    status: 'PENDING',
    warning: expect.stringMatching(/ticket T-1 .*unknown status "TRANSFER_EXPIRED".*stays PENDING/),
  });
  expect(reconciled.warning).not.toContain(input.recipientEmail);
});

it('an answer over the size bound: PENDING with a warning', async () => {
  const reconciled = await activitiesWith(async () => {
    throw new TransportError(
      'TIXNGO answered with a page larger than its bound',
      false,
      200,
      undefined,
      'too-large',
    );
  }).reconcileTransfer(input);
  expect(reconciled).toMatchObject({ status: 'PENDING', warning: expect.stringContaining('ticket T-1') });
});

it('a garbled answer is retried like any unforeseen one, and decides nothing once the attempts are spent', async () => {
  const garbled = new TransportError(
    'TIXNGO answered text that is not JSON',
    true,
    200,
    undefined,
    'bad-response',
  );
  const activities = activitiesWith(async () => {
    throw garbled;
  });
  await expect(
    new MockActivityEnvironment({ attempt: 1 }).run(activities.reconcileTransfer, input),
  ).rejects.toMatchObject({
    nonRetryable: false,
  });
  await expect(
    new MockActivityEnvironment({ attempt: UNEXPECTED_ERROR_MAX_ATTEMPTS }).run(
      activities.reconcileTransfer,
      input,
    ),
  ).resolves.toMatchObject({ status: 'PENDING', warning: expect.stringContaining('ticket T-1') });
});

it('an outage of TIXNGO is still retried, a refused key still fails', async () => {
  await expect(
    activitiesWith(async () => {
      throw new TransportError('TIXNGO failed to answer (HTTP 503)', true, 503, undefined, 'server');
    }).reconcileTransfer(input),
  ).rejects.toMatchObject({ nonRetryable: false });
  await expect(
    activitiesWith(async () => {
      throw new TransportError('TIXNGO refused the key (HTTP 401)', false, 401, undefined, 'unauthorized');
    }).reconcileTransfer(input),
  ).rejects.toMatchObject({ nonRetryable: true, type: 'RequestRefused' });
});

it('a ticket TIXNGO does not know (404) still cancels the transfer, without a warning', async () => {
  expect(await activitiesWith(async () => null).reconcileTransfer(input)).toEqual({ status: 'CANCELLED' });
});

it('counts each answer it could not use, by organizer and activity (no ticket in the labels)', async () => {
  const metrics = createFeedbackMetrics({ defaultMetrics: false });
  const activities = activitiesWith(async () => {
    throw unknownStatus();
  }, metrics);
  await activities.reconcileTransfer(input);
  await activities.reconcileTransfer(input);
  const text = await metrics.registry.metrics();
  expect(text).toContain(
    `tixngo_feedback_unusable_ticket_answers_total{organizer="${ORG}",activity_type="reconcileTransfer"} 2`,
  );
  expect(text).not.toContain('T-1');
});
