/**
 * A TIXNGO time far in the future would win every "newest change" comparison (SPEC §6, §10) and
 * freeze its ticket or its transfers: it is rejected (kept, visible) when the page is applied,
 * against the worker's clock with a clock-skew tolerance; a real later change then applies.
 * applyDiffItems into the S-360 simulator on PostgreSQL, over HTTP.
 */
import { applyDiffItems, type ApplyOptions } from '../../src/activities/applyDiffItems';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import { startSimulatedS360, type SimulatedS360 } from '../s360/support/simulators';
import { uniqueSuffix } from '../support/env';

let s360: SimulatedS360;
beforeAll(async () => {
  s360 = await startSimulatedS360('future-times', 'postgresql');
});
afterAll(async () => {
  await s360?.stop();
});

/** The worker's clock when the pages below are applied. */
const NOW = Date.parse('2026-11-23T10:00:00Z');
const options = (): ApplyOptions => ({
  organizerId: s360.organizerId,
  skipTickets: [],
  strict: false,
  distributionEnabled: true,
  transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
  openRejectionTicketIds: [],
  resumeToken: `future-${uniqueSuffix()}`,
  now: NOW,
});

it('a far-future change time is rejected, and a real later change of the ticket still applies', async () => {
  const ticketId = `FUT-${uniqueSuffix()}`;
  const frozen = await applyDiffItems(
    s360.s360,
    [{ ticketId, status: 'DOWNLOADED', statusChangedAt: '9999-12-31T23:59:59Z' }],
    options(),
  );
  expect(frozen.applied).toBe(0);
  expect(frozen.rejected).toEqual([
    expect.objectContaining({ ticketId, index: 0, path: 'statusChangedAt', raw: expect.any(String) }),
  ]);

  const real = await applyDiffItems(
    s360.s360,
    [{ ticketId, status: 'ASSIGNED', statusChangedAt: '2026-11-23T09:55:00Z' }],
    options(),
  );
  expect(real).toMatchObject({ applied: 1, unchanged: 0, rejected: [] });
  expect((await s360.s360.getTicket(ticketId))?.mobileStatus).toBe('ASSIGNED');
});

it('a far-future transfer start is rejected: no mobile data, no transfer step', async () => {
  const ticketId = `FUT-${uniqueSuffix()}`;
  const summary = await applyDiffItems(
    s360.s360,
    [
      {
        ticketId,
        status: 'PENDING_TRANSFER',
        statusChangedAt: '2026-11-23T09:50:00Z',
        transfer: {
          senderEmail: 'b@example.test',
          recipientEmail: 'c@example.test',
          initiatedAt: '9999-01-01T00:00:00Z',
        },
      },
    ],
    options(),
  );
  expect(summary).toMatchObject({ applied: 0, transfers: [] });
  expect(summary.rejected.map((item) => item.path)).toEqual(['transfer.initiatedAt']);
});

it('with distribution on, a transfer status without its transfer is rejected, not applied silently', async () => {
  const ticketId = `NOTR-${uniqueSuffix()}`;
  const summary = await applyDiffItems(
    s360.s360,
    [
      {
        ticketId,
        status: 'TRANSFERRED',
        statusChangedAt: '2026-11-23T09:50:00Z',
        spectatorDetails: { email: 'c@example.test' },
      },
    ],
    options(),
  );
  expect(summary).toMatchObject({ applied: 0, transfers: [] });
  expect(summary.rejected).toEqual([expect.objectContaining({ ticketId, path: 'transfer' })]);
  expect(await s360.s360.getTicket(ticketId)).toBeUndefined();

  // Without distribution, S-360 mirrors no transfer: the mobile data alone is all there is to apply.
  const off = await applyDiffItems(
    s360.s360,
    [{ ticketId, status: 'TRANSFERRED', statusChangedAt: '2026-11-23T09:50:00Z' }],
    { ...options(), distributionEnabled: false },
  );
  expect(off).toMatchObject({ applied: 1, rejected: [] });
});
