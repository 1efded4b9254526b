/**
 * Sizes of what crosses Temporal (payloads limited to 2 MiB, histories to 50 MiB), measured as
 * UTF-8 JSON bytes. Pure and deterministic: usable in workflow code (no Buffer, no TextEncoder).
 */

/** UTF-8 length of a string, in bytes (a lone surrogate counts as the 3-byte replacement). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 bytes of a value as JSON (0 for what JSON cannot hold). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 0 : utf8Bytes(text);
}
