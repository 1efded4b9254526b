/**
 * A transfer step S-360 cannot mirror (SPEC §7, §8) is never applied silently: a transfer status
 * without the `transfer` object, or a TRANSFERRED whose new owner is not the transfer's recipient.
 */
import { transferStepProblem, type DiffItem } from '../../../src/domain/diffItem';

const base: DiffItem = { ticketId: 'T-1', status: 'DOWNLOADED', statusChangedAt: '2026-11-23T09:00:00Z' };
const transfer = { senderEmail: 'ana@example.org', recipientEmail: 'bob@example.org' };

describe('transferStepProblem', () => {
  it.each(['PENDING_TRANSFER', 'PENDING', 'TRANSFERRED', 'FAILURE_TRANSFER', 'FAILURE'] as const)(
    'a %s without a transfer object cannot be mirrored',
    (status) => {
      expect(transferStepProblem({ ...base, status })).toEqual({
        path: 'transfer',
        reason: `a ${status} ticket needs its transfer (sender and recipient) to be mirrored in S-360`,
      });
    },
  );

  it('a TRANSFERRED whose new owner is not the recipient cannot be mirrored', () => {
    const item: DiffItem = {
      ...base,
      status: 'TRANSFERRED',
      spectatorDetails: { email: 'carl@example.org' },
      transfer,
    };
    expect(transferStepProblem(item)).toEqual({
      path: 'spectatorDetails.email',
      reason: 'the new owner is not the transfer’s recipient (transfer.recipientEmail)',
    });
  });

  it('accepts a complete step, the owner’s e-mail in any spelling, and non-transfer statuses', () => {
    expect(transferStepProblem(base)).toBeUndefined();
    expect(transferStepProblem({ ...base, status: 'PENDING_TRANSFER', transfer })).toBeUndefined();
    expect(
      transferStepProblem({
        ...base,
        status: 'TRANSFERRED',
        spectatorDetails: { email: ' Bob@Example.org' },
        transfer,
      }),
    ).toBeUndefined();
    expect(transferStepProblem({ ...base, status: 'TRANSFERRED', transfer })).toBeUndefined();
  });
});
