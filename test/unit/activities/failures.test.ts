import { z } from 'zod';
import { toActivityFailure, UNEXPECTED_ERROR_MAX_ATTEMPTS } from '../../../src/activities/failures';
import { ConfigError } from '../../../src/domain/settings';
import { TransportError } from '../../../src/http/transportError';

const zodError = (): z.ZodError => {
  const parsed = z.object({ applied: z.number() }).safeParse({ applied: 'many' });
  if (parsed.success) throw new Error('unreachable');
  return parsed.error;
};

describe('which activity errors are retried, and how long (issue 13, item 10)', () => {
  const last = UNEXPECTED_ERROR_MAX_ATTEMPTS;
  it.each([
    [
      'S-360 or TIXNGO down (network)',
      () => new TransportError('down', true, undefined, undefined, 'network'),
      1000,
      'TransportError',
      false,
    ],
    [
      'a 5xx',
      () => new TransportError('HTTP 503', true, 503, undefined, 'server'),
      1000,
      'TransportError',
      false,
    ],
    ['a refused request (4xx)', () => new TransportError('HTTP 422', false, 422), 1, 'RequestRefused', true],
    ['bad configuration', () => new ConfigError('bad'), 1, 'ConfigError', true],
    ['a validation error', zodError, 1, 'InvalidData', true],
    ['a TypeError', () => new TypeError('x is undefined'), 1, 'UnexpectedError', true],
    ['a RangeError', () => new RangeError('Invalid array length'), 1, 'UnexpectedError', true],
    [
      'an unknown error, before the last attempt',
      () => new Error('boom'),
      last - 1,
      'UnexpectedError',
      false,
    ],
    ['an unknown error, at the last attempt', () => new Error('boom'), last, 'UnexpectedError', true],
    [
      'an answer off the contract, before the last attempt',
      () => new TransportError('odd body', true, 200, undefined, 'bad-response'),
      last - 1,
      'TransportError',
      false,
    ],
    [
      'an answer off the contract, at the last attempt',
      () => new TransportError('odd body', true, 200, undefined, 'bad-response'),
      last,
      'TransportError',
      true,
    ],
  ] as const)('%s', (_what, make, attempt, type, nonRetryable) => {
    const failure = toActivityFailure(make(), attempt);
    expect([failure.type, Boolean(failure.nonRetryable)]).toEqual([type, nonRetryable]);
  });

  it('a validation error names the field; a given-up error says so', () => {
    expect(toActivityFailure(zodError(), 1).message).toMatch(
      /^invalid data at applied: .*a retry cannot fix it/,
    );
    expect(toActivityFailure(new Error('boom'), UNEXPECTED_ERROR_MAX_ATTEMPTS).message).toBe(
      `Error: boom (gave up after ${UNEXPECTED_ERROR_MAX_ATTEMPTS} attempts)`,
    );
  });
});
