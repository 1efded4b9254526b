/**
 * The TIXNGO simulator's memory: every ticket change in the order TIXNGO saw it. A pagination key
 * is an opaque token for a position in this log, so a reader resumes exactly where it stopped.
 */
export class ChangeLog {
  private readonly changes: unknown[] = [];

  append(...items: unknown[]): void {
    this.changes.push(...items);
  }

  get size(): number {
    return this.changes.length;
  }

  page(paginationKey: string | undefined, limit: number): { items: unknown[]; nextPageKey: string } {
    const offset = paginationKey === undefined ? 0 : decodeKey(paginationKey);
    const items = this.changes.slice(offset, offset + limit);
    return { items, nextPageKey: encodeKey(offset + items.length) };
  }
}

export class InvalidPaginationKeyError extends Error {
  override name = 'InvalidPaginationKeyError';
}

function encodeKey(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeKey(key: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new InvalidPaginationKeyError(`unknown paginationKey "${key.slice(0, 64)}"`);
}
