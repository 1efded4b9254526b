import { commonestReasons, skipEntriesFor } from '../../../src/domain/rejectionDigest';
import { parseSkipList, skipMatcher } from '../../../src/domain/skipList';

describe('what a halt tells the operator (fault 1)', () => {
  it('names the skip entries that take the rejected items out, as `skip` takes them', () => {
    const rejected = [
      { ticketId: 'T-1', taxNumber: '1' },
      { ticketId: 'S-3\u0000', taxNumber: 'A,B' },
      { ticketId: 'T-1' },
      { taxNumber: 'A,B' },
      {},
    ];
    const text = skipEntriesFor(rejected);
    expect(text).toBe(
      'id:T-1,id:"S-3\\u0000","A,B" (1 item without a ticket id or tax number a skip entry can name)',
    );
    const skip = skipMatcher(parseSkipList(text.split(' (')[0] ?? ''));
    expect(skip({ ticketId: 'S-3\u0000', taxNumber: 'A,B' })).toBe(true);
  });

  it('counts the reasons it does not list, so a count is never read as most of them', () => {
    const rejected = ['a', 'a', 'b', 'c', 'd', 'e'].map((path) => ({ path, reason: 'bad' }));
    expect(commonestReasons(rejected)).toBe('a: bad (2); b: bad (1); c: bad (1); 2 more for 2 other reasons');
  });
});
