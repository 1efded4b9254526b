import fc from 'fast-check';
import {
  EMPTY_SKIP_LIST,
  formatSkipList,
  isSkipListEmpty,
  isSkipped,
  judgeSkipEntries,
  mergeSkipLists,
  parseSkipList,
  SkipListError,
  skipEntryKey,
  skipMatcher,
  subtractSkipList,
  usableSkipList,
  type SkipList,
} from '../../../src/domain/skipList';
import { TaxNumber } from '../../../src/domain/diffItem';

describe('the skip list (SPEC §2, §10)', () => {
  it.each<[string, string, SkipList]>([
    ['empty text', '', { ticketIds: [], taxNumbers: [] }],
    ['only commas and spaces', ' , ,, ', { ticketIds: [], taxNumbers: [] }],
    ['one tax number', '100200300', { ticketIds: [], taxNumbers: ['100200300'] }],
    [
      'bare values are tax numbers',
      '1001,1002,1003',
      { ticketIds: [], taxNumbers: ['1001', '1002', '1003'] },
    ],
    ['id: names a ticket id', 'id:T-1', { ticketIds: ['T-1'], taxNumbers: [] }],
    ['ID: in any case', 'ID:T-1,Id:T-2', { ticketIds: ['T-1', 'T-2'], taxNumbers: [] }],
    ['mixed', '1001, id:T-1 ,1002', { ticketIds: ['T-1'], taxNumbers: ['1001', '1002'] }],
    [
      'whitespace around entries and after id:',
      '  1001 ,\tid: T-1\n',
      { ticketIds: ['T-1'], taxNumbers: ['1001'] },
    ],
    [
      'ticket ids with spaces and *.-_+/()',
      'id:AB 12*3.4-5_6+7/8(9)',
      { ticketIds: ['AB 12*3.4-5_6+7/8(9)'], taxNumbers: [] },
    ],
    [
      'duplicates kept once, first order',
      '1002,1001,1002,id:T,id:T',
      { ticketIds: ['T'], taxNumbers: ['1002', '1001'] },
    ],
    ['a tax number and a ticket id may be equal', '42,id:42', { ticketIds: ['42'], taxNumbers: ['42'] }],
  ])('%s: %j', (_name, text, expected) => {
    expect(parseSkipList(text)).toEqual(expected);
  });

  it('reads several texts at once (e.g. the values of a signal)', () => {
    expect(parseSkipList(['1001,id:T-1', ' 1002', 'id:T-1'])).toEqual({
      ticketIds: ['T-1'],
      taxNumbers: ['1001', '1002'],
    });
    expect(parseSkipList(undefined)).toEqual(EMPTY_SKIP_LIST);
  });

  it.each([
    ['id:', 'Skip list entry "id:" has no ticket id after "id:".'],
    [
      'id:T#1',
      'Skip list entry "id:T#1" is not a ticket id: only letters, digits, spaces and *.-_+/() are allowed.',
    ],
    [`id:${'x'.repeat(257)}`, /is not a ticket id/],
    ['x'.repeat(257), /is not a tax number/],
  ])('refuses a bad entry (%#) with an error naming it', (text, message) => {
    expect(() => parseSkipList(`1001,${text}`)).toThrow(SkipListError);
    expect(() => parseSkipList(`1001,${text}`)).toThrow(message);
  });

  describe('isSkipped', () => {
    const skipList = parseSkipList('1001, id:T-2');
    const matcher = skipMatcher(skipList);
    it.each([
      ['by tax number', { ticketId: 'T-1', taxNumber: '1001' }, true],
      ['by ticket id', { ticketId: 'T-2', taxNumber: '9999' }, true],
      ['by ticket id, without a tax number', { ticketId: 'T-2' }, true],
      ['a ticket id is not read as a tax number', { ticketId: '1001' }, false],
      ['a tax number is not read as a ticket id', { ticketId: 'T-3', taxNumber: 'T-2' }, false],
      ['not listed', { ticketId: 'T-3', taxNumber: '1003' }, false],
    ])('%s → %s', (_name, item, expected) => {
      expect(isSkipped(item, skipList)).toBe(expected);
      expect(matcher(item)).toBe(expected);
    });

    it('skips nothing with an empty list', () => {
      expect(isSkipped({ ticketId: 'T-1', taxNumber: '1' }, EMPTY_SKIP_LIST)).toBe(false);
      expect(isSkipListEmpty(EMPTY_SKIP_LIST)).toBe(true);
    });
  });

  it('formats, merges and subtracts (skip / unskip signals)', () => {
    const a = parseSkipList('1001,id:T-1');
    const b = parseSkipList('1002,id:T-1,id:T-2');
    const merged = mergeSkipLists(a, b);
    expect(merged).toEqual({ ticketIds: ['T-1', 'T-2'], taxNumbers: ['1001', '1002'] });
    expect(formatSkipList(merged)).toBe('1001,1002,id:T-1,id:T-2');
    expect(parseSkipList(formatSkipList(merged))).toEqual(merged);
    expect(subtractSkipList(merged, parseSkipList('1001,id:T-2'))).toEqual({
      ticketIds: ['T-1'],
      taxNumbers: ['1002'],
    });
  });
});

describe('judging skip entries one by one (issue 13, item 2)', () => {
  it('accepts the entries that parse, normalized, and refuses the others with the reason', () => {
    expect(judgeSkipEntries(['id:T#1, ID: T-3 ', 'id:', '1001,1001'])).toEqual({
      accepted: ['id:T-3', '1001'],
      refused: [
        { entry: 'id:T#1', problem: expect.stringMatching(/^is not a ticket id/) },
        { entry: 'id:', problem: 'has no ticket id after "id:"' },
      ],
    });
  });

  it('a raw control character in double quotes is named, with how to write it (not "not in double quotes")', () => {
    expect(judgeSkipEntries(['id:"T\u001b[2J"', '"A\tB"', '"unclosed'])).toEqual({
      accepted: [],
      refused: [
        {
          entry: 'id:"T\u001b[2J"',
          problem:
            'holds the control character \\u001b as is: in double quotes, write it as \\u001b (a JSON string)',
        },
        {
          entry: '"A\tB"',
          problem:
            'holds the control character \\u0009 as is: in double quotes, write it as \\u0009 (a JSON string)',
        },
        {
          entry: '"unclosed',
          problem: 'is not a value in double quotes (a JSON string: "…", with \\" for a quote)',
        },
      ],
    });
    // Written as the message says, it names the ticket.
    expect(judgeSkipEntries(['id:"T\\u001b[2J"']).accepted).toEqual(['id:"T\\u001b[2J"']);
  });

  it('never throws, whatever the texts', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (texts) => {
        const { accepted } = judgeSkipEntries(texts);
        expect(parseSkipList(accepted)).toEqual(usableSkipList(accepted));
        expect(() => usableSkipList(texts)).not.toThrow();
      }),
    );
  });

  it('compares entries in normalized form, also entries that do not parse', () => {
    expect(skipEntryKey(' ID: T-1 ')).toBe('id:T-1');
    expect(skipEntryKey('Id:T#1')).toBe('id:T#1');
    expect(skipEntryKey(' 1001 ')).toBe('1001');
    fc.assert(
      fc.property(fc.array(fc.string()), (texts) => {
        const { accepted } = judgeSkipEntries(texts);
        accepted.forEach((entry) => expect(skipEntryKey(entry)).toBe(entry));
      }),
    );
  });
});

describe('every ticket can be named exactly by a skip entry (fault 4)', () => {
  it.each<[string, string, SkipList]>([
    ['a tax number with a comma, quoted', '"A,B"', { ticketIds: [], taxNumbers: ['A,B'] }],
    ['a tax number with spaces around, quoted', '" 77 "', { ticketIds: [], taxNumbers: [' 77 '] }],
    ['a ticket id with a trailing space, quoted', 'id:"sp ace "', { ticketIds: ['sp ace '], taxNumbers: [] }],
    ['a tax number that reads like an id: entry, quoted', '"id:X"', { ticketIds: [], taxNumbers: ['id:X'] }],
    ['JSON escapes inside quotes', '"a\\"b", 2', { ticketIds: [], taxNumbers: ['a"b', '2'] }],
    ['a quote inside a bare value is a character', 'ab"c', { ticketIds: [], taxNumbers: ['ab"c'] }],
  ])('%s: %j', (_name, text, expected) => {
    expect(parseSkipList(text)).toEqual(expected);
  });

  it('refuses an opening quote without its closing one, naming the entry', () => {
    expect(judgeSkipEntries(['"A,B']).refused).toEqual([
      { entry: '"A,B', problem: expect.stringMatching(/double quotes/) },
    ]);
  });

  it('the canonical text of any list names exactly its tickets again', () => {
    const value = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((text) => TaxNumber.safeParse(text).success);
    fc.assert(
      fc.property(
        fc.array(value),
        fc.array(fc.stringMatching(/^[A-Za-z0-9 *.\-_+/()]{1,10}$/)),
        (taxNumbers, ids) => {
          const list = parseSkipList(formatSkipList({ ticketIds: ids, taxNumbers: taxNumbers }));
          const matcher = skipMatcher(list);
          taxNumbers.forEach((taxNumber) => expect(matcher({ ticketId: '\u0001', taxNumber })).toBe(true));
          ids.forEach((ticketId) => expect(matcher({ ticketId })).toBe(true));
          expect(usableSkipList(judgeSkipEntries([formatSkipList(list)]).accepted)).toEqual(list);
        },
      ),
    );
  });

  it('a typed (NFC) tax number skips a decomposed (NFD) one, and the other way round', () => {
    const typed = 'Müller-1';
    const decomposed = typed.normalize('NFD');
    expect(decomposed).not.toBe(typed);
    expect(skipMatcher(parseSkipList(typed))({ ticketId: 'T-1', taxNumber: decomposed })).toBe(true);
    expect(skipMatcher(parseSkipList(decomposed))({ ticketId: 'T-1', taxNumber: typed })).toBe(true);
  });
});

describe('a ticket id TIXNGO sent that is not valid can be named, in quotes (fault 3)', () => {
  it('id:"…" takes any text of 1 to 256 characters (JSON escapes), and skips that item', () => {
    const list = parseSkipList('id:"S-3\\u0000", id:"T#1"');
    expect(list.ticketIds).toEqual(['S-3\u0000', 'T#1']);
    expect(skipMatcher(list)({ ticketId: 'S-3\u0000' })).toBe(true);
    expect(formatSkipList(list)).toBe('id:"S-3\\u0000",id:"T#1"');
    expect(parseSkipList(formatSkipList(list))).toEqual(list);
  });

  it('a bare id is still checked (a typo is refused), and a quoted one still has a bound', () => {
    expect(judgeSkipEntries(['id:T#1']).refused).toHaveLength(1);
    expect(judgeSkipEntries([`id:"${'x'.repeat(257)}"`]).refused).toHaveLength(1);
    expect(judgeSkipEntries(['id:""']).refused).toHaveLength(1);
  });
});
