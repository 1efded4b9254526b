import { commonestReasons, MAX_NAMED_SKIP_BYTES, skipEntriesFor } from '../../../src/domain/rejectionDigest';
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

  it('names every entry of a page of a few hundred rejections, so one skip clears it (not 20 per run)', () => {
    const rejected = Array.from({ length: 1_000 }, (_, i) => ({ ticketId: `QL-${i}` }));
    const text = skipEntriesFor(rejected);
    expect(text).not.toContain(' more');
    expect(parseSkipList(text).ticketIds).toHaveLength(1_000);
  });

  it('cuts the named entries at MAX_NAMED_SKIP_BYTES, counting the rest', () => {
    const rejected = Array.from({ length: 10_000 }, (_, i) => ({ ticketId: `${'X'.repeat(200)}-${i}` }));
    const text = skipEntriesFor(rejected);
    const [named = '', rest = ''] = text.split(' and ');
    expect(named.length).toBeLessThanOrEqual(MAX_NAMED_SKIP_BYTES);
    expect(parseSkipList(named).ticketIds.length + Number(rest.replace(' more', ''))).toBe(10_000);
  });

  it('counts the reasons it does not list, so a count is never read as most of them', () => {
    const rejected = ['a', 'a', 'b', 'c', 'd', 'e'].map((path) => ({ path, reason: 'bad' }));
    expect(commonestReasons(rejected)).toBe('a: bad (2); b: bad (1); c: bad (1); 2 more for 2 other reasons');
  });
});
