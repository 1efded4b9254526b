/**
 * Looks for plaintext in a workflow history as the server stores and serves it (protobuf JSON, where
 * payload data and metadata are base64): every string is read as it is and, when it is base64, decoded.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function readableForms(text: string): string[] {
  const forms = [text];
  if (text.length >= 4 && BASE64.test(text)) forms.push(Buffer.from(text, 'base64').toString('utf8'));
  return forms;
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* strings(item);
    }
  }
}

/** The needles (case-insensitive) found anywhere in the JSON value, base64 seen through. */
export function plaintextFound(json: unknown, needles: readonly string[]): string[] {
  const wanted = needles.map((needle) => needle.toLowerCase());
  const found = new Set<string>();
  for (const text of strings(json)) {
    for (const form of readableForms(text)) {
      const lower = form.toLowerCase();
      wanted.forEach((needle, index) => {
        if (lower.includes(needle)) found.add(needles[index] as string);
      });
    }
  }
  return [...found];
}
