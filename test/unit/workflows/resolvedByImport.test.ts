import { resolvedByImport } from '../../../src/workflows/openRejections';
import type { OpenRejection } from '../../../src/workflows/definitions';

const rejection = (raw: string | undefined): OpenRejection => ({
  ticketId: 'T-2',
  index: 0,
  path: 'status',
  reason: 'unknown status "DOWNLAODED"',
  firstSeenAt: '2026-12-01T08:30:00.000Z',
  raw,
});
const rawAt = (changedAt: unknown) =>
  JSON.stringify({ ticketId: 'T-2', status: 'DOWNLAODED', statusChangedAt: changedAt });

describe('an import resolves a rejection only with a change not older than the rejected one', () => {
  it.each([
    ['the same change, fixed', rawAt('2026-12-01T08:05:00Z'), '2026-12-01T08:05:00.000Z', true],
    ['a newer change', rawAt('2026-12-01T08:05:00Z'), '2026-12-01T08:06:00Z', true],
    ['an older change', rawAt('2026-12-01T08:05:00Z'), '2026-12-01T08:01:00Z', false],
    [
      'no time said by the import (an older version of the command line)',
      rawAt('2026-12-01T08:05:00Z'),
      undefined,
      true,
    ],
    ['a time the import gave that is not a date', rawAt('2026-12-01T08:05:00Z'), 'soon', true],
    [
      'the rejected change had no readable time (perhaps why it was rejected)',
      rawAt('yesterday'),
      '2026-12-01T08:01:00Z',
      true,
    ],
    ['no raw item kept', undefined, '2026-12-01T08:01:00Z', true],
    [
      'a raw item cut at 2 KiB (not JSON)',
      `${rawAt('2026-12-01T08:05:00Z').slice(0, 40)}…`,
      '2026-12-01T08:01:00Z',
      true,
    ],
  ])('%s', (_case, raw, applied, resolved) => {
    expect(resolvedByImport(rejection(raw), applied)).toBe(resolved);
  });
});
