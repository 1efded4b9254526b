/**
 * One rule for one ticket's size, whatever brought it (SPEC §9: bad input is rejected and kept,
 * never dropped): a TIXNGO page and an imported file reject the same items, for the same reason.
 */
import fc from 'fast-check';
import { splitIntoParts } from '../../../src/client/importDiffFile';
import { validateDiffItem, validateDiffItems } from '../../../src/domain/diffItem';
import { MAX_TICKET_BYTES } from '../../../src/domain/ticketSize';

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** A valid ticket whose extraInfo holds `entries` entries of `width` characters. */
const ticket = (entries: number, width = 1_000) => ({
  ticketId: 'BIG-1',
  status: 'DOWNLOADED',
  statusChangedAt: '2026-11-23T10:00:00Z',
  extraInfo: Object.fromEntries(
    Array.from({ length: entries }, (_, index) => [`ExtraInfo${index + 1}`, 'x'.repeat(width)]),
  ),
});

it('a 2 MB ticket from a TIXNGO page is rejected with its size and the bound, like an import', () => {
  const big = ticket(2_000);
  const checked = validateDiffItem(big, 3);
  expect(checked).toEqual({
    ok: false,
    rejected: {
      ticketId: 'BIG-1',
      index: 3,
      path: '(item)',
      reason: `the item is ${bytes(big)} bytes, larger than the ${MAX_TICKET_BYTES} one ticket may take`,
    },
  });
  expect(splitIntoParts([big]).tooLarge).toEqual([{ ...(checked.ok ? {} : checked.rejected), index: 0 }]);
});

it('a page and an import accept and reject the same items by size', () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 120 }), { maxLength: 12 }), (sizes) => {
      const items = sizes.map((entries) => ticket(entries));
      const page = validateDiffItems(items);
      const fromFile = splitIntoParts(items);
      const tooLargeInPage = page.rejected.filter((item) => item.reason.startsWith('the item is'));
      expect(tooLargeInPage.map((item) => item.index)).toEqual(fromFile.tooLarge.map((item) => item.index));
      expect(page.valid.length + page.rejected.length).toBe(items.length);
      for (const [index, item] of items.entries()) {
        expect(tooLargeInPage.some((rejected) => rejected.index === index)).toBe(
          bytes(item) > MAX_TICKET_BYTES,
        );
      }
    }),
    { numRuns: 40 },
  );
});
