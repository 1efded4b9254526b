import fc from 'fast-check';
import { validateDiffItem } from '../../../src/domain/diffItem';
import { StorableText, unstorableTextReason } from '../../../src/domain/storableText';

const base = { ticketId: 'T-1', status: 'ASSIGNED', statusChangedAt: '2026-11-23T09:00:00Z' };

describe('text S-360 can store (issue 13, item 4)', () => {
  it.each([
    ['NUL', 'Ann\u0000a', 'U+0000 (NUL) at position 4'],
    ['a lone high surrogate', 'Ann\ud800a', 'U+D800 (a lone UTF-16 surrogate) at position 4'],
    ['a lone low surrogate', '\udc00Anna', 'U+DC00 (a lone UTF-16 surrogate) at position 1'],
    ['a reversed pair', 'A\udc00\ud800', 'U+DC00 (a lone UTF-16 surrogate) at position 2'],
    ['a C0 control', 'Ann\u0007a', 'U+0007 (a control character) at position 4'],
    ['U+FFFF', 'Anna\uffff', 'U+FFFF (a noncharacter) at position 5'],
  ])('refuses %s, naming the code point and the position', (_what, text, expected) => {
    expect(unstorableTextReason(text)).toBe(`contains ${expected}, which S-360 cannot store`);
  });

  it.each([
    ['letters of any script', 'Zoë Łukasz 山田 Ελένη'],
    ['emoji (surrogate pairs)', 'Anna 😀'],
    ['TAB, LF, CR', 'a\tb\nc\r'],
    ['DEL and C1 controls', 'a\u007fb\u0085'],
  ])('stores %s', (_what, text) => {
    expect(unstorableTextReason(text)).toBeUndefined();
  });

  it('a string is storable exactly when it is well-formed UTF-16 without NUL, the other C0 controls but TAB/LF/CR, U+FFFE, U+FFFF', () => {
    const forbidden = (unit: number) =>
      (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) || unit === 0xfffe || unit === 0xffff;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }), (text, ascii) => {
        for (const sample of [text, ascii, `${text}\ud800`, `\udfff${ascii}`]) {
          const units = [...sample].map((char) => char.charCodeAt(0));
          const wellFormed = [...sample].every(
            (char) => char.length === 2 || !(char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff),
          );
          const storable = wellFormed && !units.some(forbidden);
          expect(StorableText.safeParse(sample).success).toBe(storable);
        }
      }),
    );
  });

  it.each([
    ['holder.firstName', { holder: { firstName: 'Ann\u0000a' } }],
    ['spectatorDetails.email', { spectatorDetails: { email: 'a\u0000@example.test' } }],
    ['transfer.recipientEmail', { transfer: { senderEmail: 'a@x.test', recipientEmail: 'b\ud800@x.test' } }],
    ['taxNumber', { taxNumber: '10\u00001' }],
    ['beaconName', { beaconName: 'Gate\u0001A' }],
    ['extraInfo.ExtraInfo1', { extraInfo: { ExtraInfo1: 'x\u0000' } }],
    ['extraInfo."Extra\\u0000"', { extraInfo: { 'Extra\u0000': 'x' } }],
  ])('a diff item with such text is rejected at the edge, at %s', (path, extra) => {
    const checked = validateDiffItem({ ...base, ...extra });
    expect(checked).toEqual({
      ok: false,
      rejected: expect.objectContaining({
        ticketId: 'T-1',
        path,
        reason: expect.stringContaining('S-360 cannot store'),
      }),
    });
  });
});
