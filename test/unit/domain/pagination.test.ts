import fc from 'fast-check';
import { pageKeyOutcome } from '../../../src/domain/pagination';

/** A TIXNGO model: a log of changes; a key is a position; it may cap its pages and mark its end. */
interface Server {
  size: number;
  cap: number;
  endKey: 'key' | 'empty' | 'null';
}
const keyOf = (position: number) => `k${position}`;
const positionOf = (key: string | undefined) => (key === undefined ? 0 : Number(key.slice(1)));

function servePage(server: Server, key: string | undefined, limit: number) {
  const from = positionOf(key);
  const to = Math.min(server.size, from + Math.min(limit, server.cap));
  const atEnd = to >= server.size;
  const nextPageKey = !atEnd || server.endKey === 'key' ? keyOf(to) : server.endKey === 'empty' ? '' : null;
  return { from, to, nextPageKey };
}

/** One run as the workflow drives it (no page budget): the positions it read, and its saved key. */
function run(server: Server, startKey: string | undefined, limit: number) {
  const read: number[] = [];
  let key = startKey;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = servePage(server, key, limit);
    for (let p = page.from; p < page.to; p += 1) read.push(p);
    const outcome = pageKeyOutcome({
      requestKey: key,
      nextPageKey: page.nextPageKey,
      items: page.to - page.from,
    });
    expect(outcome.nextKey).not.toBe(''); // an empty key is no key
    key = outcome.nextKey;
    if (outcome.drained) return { read, key };
  }
  throw new Error('the run never drained');
}

describe('pagination key rule (SPEC §10, issue 13 item 6)', () => {
  it('"" and null are no key; drained needs no key, an empty page or a key that did not move', () => {
    expect(pageKeyOutcome({ requestKey: 'a', nextPageKey: '', items: 3 })).toEqual({
      nextKey: 'a',
      drained: true,
      keyDidNotMove: false,
    });
    expect(pageKeyOutcome({ requestKey: undefined, nextPageKey: null, items: 3 }).nextKey).toBeUndefined();
    expect(pageKeyOutcome({ requestKey: 'a', nextPageKey: 'b', items: 1 })).toEqual({
      nextKey: 'b',
      drained: false,
      keyDidNotMove: false,
    });
    expect(pageKeyOutcome({ requestKey: 'a', nextPageKey: 'b', items: 0 }).drained).toBe(true);
    expect(pageKeyOutcome({ requestKey: 'a', nextPageKey: 'a', items: 2 })).toEqual({
      nextKey: 'a',
      drained: true,
      keyDidNotMove: true,
    });
  });

  it('over any sequence of runs, caps, end keys and appends: each run reads every new item once, in order, and the key never passes an unread item', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }), // limit
        fc.array(
          fc.record({
            appended: fc.integer({ min: 0, max: 120 }),
            cap: fc.integer({ min: 1, max: 60 }),
            endKey: fc.constantFrom<Server['endKey']>('key', 'empty', 'null'),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (limit, steps) => {
          let size = 0;
          let key: string | undefined;
          const everRead = new Set<number>();
          for (const step of steps) {
            size += step.appended;
            const before = positionOf(key);
            const { read, key: saved } = run({ size, cap: step.cap, endKey: step.endKey }, key, limit);
            // Read once each, in order, from where the previous run left off to the end of the log.
            expect(read).toEqual(Array.from({ length: size - before }, (_, i) => before + i));
            read.forEach((position) => everRead.add(position));
            // The key never moves past an item not read, and never back.
            expect(positionOf(saved)).toBeLessThanOrEqual(size);
            expect(positionOf(saved)).toBeGreaterThanOrEqual(before);
            for (let p = 0; p < positionOf(saved); p += 1) expect(everRead.has(p)).toBe(true);
            key = saved;
          }
          expect(everRead.size).toBe(size);
        },
      ),
      { numRuns: 300 },
    );
  });
});
