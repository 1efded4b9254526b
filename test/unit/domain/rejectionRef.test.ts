import fc from 'fast-check';
import { isRejectionRef, rejectionRef, type RejectionIdentity } from '../../../src/domain/rejectionRef';

const item: RejectionIdentity = {
  index: 3,
  path: 'ticketId',
  reason: 'Required',
  firstSeenAt: '2026-11-20T10:00:00.000Z',
  pageKey: 'k-7',
};

describe('rejectionRef: the reference status shows and resolve takes', () => {
  it('is # and 12 hex digits, the same for the same rejection', () => {
    expect(rejectionRef(item)).toMatch(/^#[0-9a-f]{12}$/);
    expect(rejectionRef({ ...item })).toBe(rejectionRef(item));
    expect(isRejectionRef(rejectionRef(item))).toBe(true);
    expect(isRejectionRef('T-1')).toBe(false);
    expect(isRejectionRef('#ABCDEF123456')).toBe(false);
  });

  it('differs when any part of the identity differs (the same rejection raised again later is another)', () => {
    const refs = new Set(
      [
        item,
        { ...item, index: 4 },
        { ...item, pageKey: undefined },
        { ...item, path: 'status' },
        { ...item, reason: 'Required!' },
        { ...item, firstSeenAt: '2026-11-20T10:00:01.000Z' },
        { ...item, ticketId: 'T-1' },
        { ...item, taxNumber: 'T-1' },
      ].map(rejectionRef),
    );
    expect(refs.size).toBe(8);
  });

  it('never collides among 1 000 distinct rejections of one page (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(100_000), { minLength: 1000, maxLength: 1000 }), (indexes) => {
        const refs = new Set(indexes.map((index) => rejectionRef({ ...item, index })));
        return refs.size === indexes.length;
      }),
      { numRuns: 20 },
    );
  });
});
