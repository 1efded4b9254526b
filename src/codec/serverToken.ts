/**
 * The codec server's access token: a shared secret of at least 32 URL-safe characters (e.g.
 * `openssl rand -hex 32`), sent as `Authorization: Bearer <token>` (the temporal CLI's
 * `--codec-auth`) or as the first path segment of the endpoint (the Temporal Web UI, which cannot send
 * a fixed header: `http://host:8888/<token>`). Errors never quote the token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CodecConfigError } from './keys';

export const CODEC_SERVER_TOKEN_VARIABLE = 'TIXNGO_FEEDBACK_CODEC_SERVER_TOKEN';

export const MIN_TOKEN_CHARS = 32;
export const MAX_TOKEN_CHARS = 256;

/** RFC 3986 unreserved characters: the token stands as a path segment without escaping. */
const URL_SAFE = /^[A-Za-z0-9._~-]+$/;

/** Returns the token when usable; a CodecConfigError naming `source` (never the value) otherwise. */
export function checkCodecServerToken(token: string, source = 'the codec server token'): string {
  if (token.length < MIN_TOKEN_CHARS || token.length > MAX_TOKEN_CHARS || !URL_SAFE.test(token)) {
    throw new CodecConfigError(
      `${source} must be ${MIN_TOKEN_CHARS} to ${MAX_TOKEN_CHARS} characters among letters, digits, ".", "_", "~" and "-" ` +
        `(it is also a URL path segment); generate one with \`openssl rand -hex 32\`.`,
    );
  }
  return token;
}

/** The token of the environment (trimmed), checked; undefined when the variable is unset or empty. */
export function codecServerTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[CODEC_SERVER_TOKEN_VARIABLE]?.trim();
  return value ? checkCodecServerToken(value, CODEC_SERVER_TOKEN_VARIABLE) : undefined;
}

/** A fresh token: 32 random bytes in hex (64 characters). */
export function generateCodecServerToken(): string {
  return randomBytes(32).toString('hex');
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether `given` is the token, in time independent of where they differ and of their lengths. */
export function isCodecServerToken(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}
