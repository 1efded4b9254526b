import { z } from 'zod';

/**
 * Characters S-360 cannot store (issue 13, item 4), found by trying them on PostgreSQL (what the
 * S-360 simulator stores into) and read from XML 1.0's `Char` rule (S-360's web services speak XML;
 * *inferred*: no S-360 document lists them):
 * - U+0000 (NUL): PostgreSQL refuses it in `text` (22021) and in `jsonb` (22P05);
 * - a lone UTF-16 surrogate (U+D800–U+DFFF not in a pair): `jsonb` refuses it (22P02), `text` turns it
 *   into U+FFFD without a word (the name would be changed silently);
 * - the other C0 controls but TAB, LF and CR (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F), and the
 *   noncharacters U+FFFE and U+FFFF: XML 1.0 cannot carry them.
 * Everything else (any letter of any script, emoji as surrogate pairs, DEL, C1 controls) is stored.
 */
// Without the `u` flag the pattern sees UTF-16 code units, so a lone surrogate can be told from a pair.
const UNSTORABLE = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
);

function codePoint(unit: number): string {
  return `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why S-360 could not store this text, naming the first bad character by its code point and its
 * position (never the text itself: it may be a person's name); undefined when it can.
 */
export function unstorableTextReason(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  const unit = text.charCodeAt(found.index);
  const what =
    unit === 0
      ? 'U+0000 (NUL)'
      : unit >= 0xd800 && unit <= 0xdfff
        ? `${codePoint(unit)} (a lone UTF-16 surrogate)`
        : unit >= 0xfffe
          ? `${codePoint(unit)} (a noncharacter)`
          : `${codePoint(unit)} (a control character)`;
  return `contains ${what} at position ${found.index + 1}, which S-360 cannot store`;
}

/** A string S-360 can store: every text field that goes to S-360 is built on this. */
export const StorableText = z.string().superRefine((text, ctx) => {
  const reason = unstorableTextReason(text);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
