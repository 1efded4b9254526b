import { IdempotencyKey } from '../../src/s360/api';
import {
  idempotencyKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  s360IdempotencyKeys,
} from '../../src/s360/idempotencyKeys';

describe('idempotency keys of the feedback’s S-360 creates', () => {
  it('are built from what identifies the step, the same at every attempt', () => {
    expect(s360IdempotencyKeys.distributionLine('org-1', 'EV 1/(A)', 'tr-9')).toBe(
      'distribution:org-1:EV%201%2F(A):tr-9',
    );
    expect(s360IdempotencyKeys.distributionLine('org-1', 'EV 1/(A)', 'tr-9')).toBe(
      s360IdempotencyKeys.distributionLine('org-1', 'EV 1/(A)', 'tr-9'),
    );
    expect(s360IdempotencyKeys.temporaryContact('org-1', ' Rita@Example.TEST ')).toBe(
      'temporary-contact:org-1:rita%40example.test',
    );
    expect(s360IdempotencyKeys.contactCompletion('org-1', 42, 'tr-9')).toBe('complete-contact:org-1:42:tr-9');
  });

  it('tell different steps apart', () => {
    const keys = [
      s360IdempotencyKeys.distributionLine('org-1', 'T-1', 'tr-1'),
      s360IdempotencyKeys.distributionLine('org-1', 'T-1', 'tr-2'),
      s360IdempotencyKeys.distributionLine('org-1', 'T-1:tr', '1'),
      s360IdempotencyKeys.distributionLine('org-2', 'T-1', 'tr-1'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are always keys S-360 accepts, even from the longest ticket and transfer ids', () => {
    const longest = '(/ *)'.repeat(256 / 5) + 'x';
    const keys = [
      idempotencyKey('distribution', 'org', longest, 'é'.repeat(256)),
      idempotencyKey('distribution', 'org', longest, 'é'.repeat(255)),
      s360IdempotencyKeys.temporaryContact('org', 'ünïcode@exämple.test'),
    ];
    keys.forEach((key) => {
      expect(key.length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_LENGTH);
      expect(IdempotencyKey.safeParse(key).success).toBe(true);
    });
    expect(keys[0]).toMatch(/^distribution:sha256:[0-9a-f]{64}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
