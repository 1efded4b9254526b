import { createHash } from 'node:crypto';
import type { Queryable, SqlDatabase } from './db';
import { unprocessable } from './errors';

export interface IdempotentRequest {
  key: string;
  /** e.g. "POST /api/v1/contacts": part of the fingerprint and of the error message. */
  operation: string;
  /** Everything that identifies the request besides the key: path parameters and the parsed body. */
  request: unknown;
}

export interface IdempotentAnswer {
  statusCode: number;
  body: unknown;
  /** true when this answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, field]) => [name, canonical(field)]),
    );
  }
  return value;
}

export function fingerprint(operation: string, request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, canonical(request)]))
    .digest('hex');
}

/**
 * Runs `create` at most once per key, in the same transaction as the key's record: the same key and
 * request answers what the first one answered; the same key with another request is refused (422).
 * If `create` fails, nothing is kept and the key stays free. Concurrent requests with one key wait
 * for each other on the key's row.
 */
export async function once(
  db: SqlDatabase,
  idempotent: IdempotentRequest,
  create: (tx: Queryable) => Promise<{ statusCode: number; body: unknown }>,
): Promise<IdempotentAnswer> {
  const print = fingerprint(idempotent.operation, idempotent.request);
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (idempotency_key, operation, fingerprint, response_status, response)
       VALUES ($1, $2, $3, 0, 'null'::jsonb) ON CONFLICT (idempotency_key) DO NOTHING`,
      [idempotent.key, idempotent.operation, print],
    );
    if (claimed.rowCount === 1) {
      const answer = await create(tx);
      await tx.query(
        'UPDATE idempotency_keys SET response_status = $2, response = $3::text::jsonb WHERE idempotency_key = $1',
        [idempotent.key, answer.statusCode, JSON.stringify(answer.body)],
      );
      return { ...answer, replayed: false };
    }
    const { rows } = await tx.query<{
      operation: string;
      fingerprint: string;
      response_status: number;
      response: unknown;
    }>(
      'SELECT operation, fingerprint, response_status, response FROM idempotency_keys WHERE idempotency_key = $1',
      [idempotent.key],
    );
    const stored = rows[0];
    if (!stored || stored.fingerprint !== print) {
      throw unprocessable(
        `Idempotency-Key "${idempotent.key}" was already used for a different request` +
          (stored ? ` (${stored.operation})` : '') +
          ': use a new key for a new request, or repeat the first request exactly',
        'IDEMPOTENCY_KEY_REUSED',
      );
    }
    return { statusCode: stored.response_status, body: stored.response, replayed: true };
  });
}
