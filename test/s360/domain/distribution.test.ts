import {
  DISTRIBUTION_BY_STATUS,
  distributionOutcome,
  settleDecision,
  type DistributionStatus,
  type FinalDistributionStatus,
  type SettleDecision,
} from '../../../src/domain/distribution';
import { LIFECYCLE_STATUSES, type LifecycleStatus } from '../../../src/domain/lifecycleStatus';

describe('distribution history by TIXNGO status (SPEC §8)', () => {
  it.each([
    ['PENDING_TRANSFER', 'sender', 'Distribute', 'PENDING'],
    ['PENDING', 'sender', 'Distribute', 'PENDING'],
    ['FAILURE_TRANSFER', 'sender', 'Distribute', 'CANCELLED'],
    ['FAILURE', 'sender', 'Distribute', 'CANCELLED'],
    ['TRANSFERRED', 'recipient', 'Distribute', 'CONFIRMED'],
  ] as const)(
    '%s: cultural contact of the %s, action %s, status %s',
    (status, culturalContact, action, line) => {
      expect(distributionOutcome(status)).toEqual({ culturalContact, action, status: line });
    },
  );

  it('no other status writes a distribution line', () => {
    const others = LIFECYCLE_STATUSES.filter((status) => !(status in DISTRIBUTION_BY_STATUS));
    expect(others).toHaveLength(14);
    others.forEach((status: LifecycleStatus) => expect(distributionOutcome(status)).toBeUndefined());
  });
});

describe('settling a distribution line is one way', () => {
  it.each<[DistributionStatus, FinalDistributionStatus, SettleDecision]>([
    ['PENDING', 'CONFIRMED', 'settle'],
    ['PENDING', 'CANCELLED', 'settle'],
    ['CONFIRMED', 'CONFIRMED', 'unchanged'],
    ['CANCELLED', 'CANCELLED', 'unchanged'],
    ['CONFIRMED', 'CANCELLED', 'conflict'],
    ['CANCELLED', 'CONFIRMED', 'conflict'],
  ])('%s → %s: %s', (current, target, decision) => {
    expect(settleDecision(current, target)).toBe(decision);
  });
});
