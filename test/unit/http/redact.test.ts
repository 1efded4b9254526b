import { AxiosError, AxiosHeaders } from 'axios';
import {
  isRetryableStatus,
  kindOfStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfterMs,
  toTransportError,
  TransportError,
} from '../../../src/http/transportError';
import { redactSecrets, scrubText, stripUrlSecrets } from '../../../src/http/redact';

describe('scrubbing text before it reaches a log or Temporal history', () => {
  it.each([
    ['the key anywhere', 'key=abcd1234 and abcd1234', ['abcd1234'], 'key=[redacted] and [redacted]'],
    ['several secrets', 'a-secret b-secret', ['a-secret', 'b-secret'], '[redacted] [redacted]'],
    ['ignores empty and tiny secrets', 'abc', ['', 'a', undefined], 'abc'],
  ])('redacts %s', (_name, text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });

  it.each([
    [
      'https://api.tixngo.io/v3/organizer/tickets/diff?paginationKey=x&key=y',
      'https://api.tixngo.io/v3/organizer/tickets/diff',
    ],
    ['see http://u:p@host/path#frag done', 'see http://host/path done'],
    ['no url here', 'no url here'],
  ])('strips query strings and credentials of URLs: %s', (text, expected) => {
    expect(stripUrlSecrets(text)).toBe(expected);
  });

  it('replaces control characters and bounds the length', () => {
    expect(scrubText('a\u0000b\nc', [], 300)).toBe('a b c');
    expect(scrubText('x'.repeat(10), [], 4)).toBe('xxxx…');
  });
});

describe('HTTP statuses, classified once', () => {
  it.each([
    [500, true, 'server'],
    [502, true, 'server'],
    [503, true, 'server'],
    [504, true, 'server'],
    [429, true, 'rate-limited'],
    [408, true, 'timeout'],
    [400, false, 'bad-request'],
    [401, false, 'unauthorized'],
    [403, false, 'forbidden'],
    [404, false, 'not-found'],
    [409, false, 'refused'],
    [422, false, 'bad-request'],
    [302, false, 'refused'],
  ] as const)('%i: retryable %s, kind %s', (status, retryable, kind) => {
    expect(isRetryableStatus(status)).toBe(retryable);
    expect(kindOfStatus(status)).toBe(kind);
  });

  it.each([
    ['2', 2000],
    ['0', 0],
    ['1.5', 1500],
    ['Mon, 23 Nov 2026 10:00:05 GMT', 5000],
    ['Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
    // Bounded: honoured up to MAX_RETRY_AFTER_MS (the page activity's maximum retry interval).
    ['999999999', MAX_RETRY_AFTER_MS],
    ['61', MAX_RETRY_AFTER_MS],
    ['60', 60_000],
    ['Fri, 09 Aug 2058 10:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['1e400', undefined],
    ['Infinity', undefined],
    // Malformed or negative: ignored (RFC 9110: delay-seconds is 1*DIGIT).
    ['-5', undefined],
    ['0x10', undefined],
    ['5 seconds', undefined],
  ])('Retry-After %j → %s ms', (header, expected) => {
    expect(parseRetryAfterMs(header, Date.parse('2026-11-23T10:00:00Z'))).toBe(expected);
  });
});

describe('toTransportError (shared by the adapters)', () => {
  const config = {
    headers: new AxiosHeaders({ authorization: 'Bearer s3cr3t-key' }),
    url: '/x?key=s3cr3t-key',
  };

  it('maps a response error to a scrubbed TransportError with no cause', () => {
    const error = new AxiosError('Request failed', 'ERR_BAD_RESPONSE', config, undefined, {
      status: 503,
      statusText: 'Unavailable',
      headers: { 'retry-after': '3' },
      config,
      data: { message: 'down for s3cr3t-key' },
    });
    const mapped = toTransportError(error, 'S-360 POST /x', { secrets: ['s3cr3t-key'] });
    expect(mapped).toBeInstanceOf(TransportError);
    expect(mapped).toMatchObject({ retryable: true, status: 503, retryAfterMs: 3000, kind: 'server' });
    expect(mapped.message).toBe('S-360 POST /x failed with HTTP 503: down for [redacted]');
    expect(mapped.cause).toBeUndefined();
    expect(JSON.stringify(mapped)).not.toContain('s3cr3t');
  });

  it.each([
    ['ECONNABORTED', 'timeout'],
    ['ECONNREFUSED', 'network'],
  ])('maps a %s without a response to a retryable %s error', (code, kind) => {
    const mapped = toTransportError(new AxiosError('boom', code, config), 'TIXNGO GET /x');
    expect(mapped).toMatchObject({ retryable: true, kind, message: `TIXNGO GET /x failed: ${code}` });
  });

  it('names only the type of an unknown error', () => {
    expect(toTransportError(new TypeError('s3cr3t-key inside'), 'op').message).toBe('op failed: TypeError');
  });
});
