/**
 * The one escaping function for text from TIXNGO or an operator (ticket ids, tax numbers, keys,
 * warnings, failure messages) that a person reads on a terminal: a control character (C0 but none,
 * DEL, C1), a line or paragraph separator, or a bidi control is written as `\uXXXX`, so it cannot
 * erase a line, hide the rest, start a new line or reorder it. Every other character is kept as is.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
