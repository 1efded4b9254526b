/**
 * Scrubbing of text that may reach a log, an error or Temporal history: secrets (API keys) and URL
 * query strings (which may carry keys or personal data) are replaced.
 */
export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (empty or very short values are ignored). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** Drops the query string and fragment of every URL in a text, and any user:password@ in it. */
export function stripUrlSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1')
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s?#]*)[?#][^\s]*/gi, '$1');
}

/** Scrubs a text for display: secrets, URL queries and credentials, control characters; bounded length. */
export function scrubText(text: string, secrets: readonly (string | undefined)[], maxLength = 300): string {
  const clean = [...stripUrlSecrets(redactSecrets(text, secrets))]
    .map((char) => (char < ' ' || char === '\u007f' ? ' ' : char))
    .join('');
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}
