/**
 * An imported file goes to Temporal in parts whose inputs and results stay far below the 2 MiB
 * payload limit (issue 13 item 5): bounded in items and bytes, an oversized item rejected, not sent.
 */
import fc from 'fast-check';
import {
  MAX_ITEM_BYTES,
  MAX_PART_BYTES,
  MAX_PART_ITEMS,
  splitIntoParts,
} from '../../../src/client/importDiffFile';

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

it('every part holds at most MAX_PART_ITEMS items and MAX_PART_BYTES; every item is in one part or rejected', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc
          .record({ ticketId: fc.string({ maxLength: 20 }), pad: fc.nat({ max: 80_000 }) })
          .map(({ ticketId, pad }) => ({
            ticketId,
            extraInfo: { ExtraInfo1: 'x'.repeat(pad % 3 === 0 ? pad : pad % 2_000) },
          })),
        { maxLength: 1_500 },
      ),
      (items) => {
        const { parts, tooLarge } = splitIntoParts(items);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(MAX_PART_ITEMS);
          expect(part.reduce((sum: number, item) => sum + bytes(item), 0)).toBeLessThanOrEqual(
            MAX_PART_BYTES,
          );
        }
        expect(parts.flat().length + tooLarge.length).toBe(items.length);
        for (const rejected of tooLarge) {
          expect(bytes(items[rejected.index])).toBeGreaterThan(MAX_ITEM_BYTES);
          expect(rejected.path).toBe('(item)');
        }
      },
    ),
    { numRuns: 60 },
  );
});

it('2 000 small items of a 1 MiB file go in parts of 500 (their rejections would not fit one result)', () => {
  const items = Array.from({ length: 2_000 }, (_, index) => ({
    ticketId: `T-${index}`,
    status: 'RESALE_LISTED',
  }));
  expect(splitIntoParts(items).parts.map((part) => part.length)).toEqual([500, 500, 500, 500]);
});
