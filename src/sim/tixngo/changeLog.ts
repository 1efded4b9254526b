import { ListSource, type ChangeSource } from './changeSource';

/**
 * The TIXNGO simulator's memory: every ticket change in the order TIXNGO saw it. A pagination key
 * is an opaque token for a position in this log, so a reader resumes exactly where it stopped.
 * Generated volumes are kept as sources that build their changes on demand.
 */
export class ChangeLog {
  private segments: { start: number; source: ChangeSource }[] = [];
  private total = 0;

  /** Appends changes given one by one. */
  append(...items: unknown[]): void {
    if (items.length === 0) return;
    const lastSegment = this.segments[this.segments.length - 1];
    let list: ListSource;
    if (lastSegment && lastSegment.source instanceof ListSource) {
      list = lastSegment.source;
    } else {
      list = new ListSource();
      this.segments.push({ start: this.total, source: list });
    }
    list.push(...items);
    this.total += items.length;
  }

  /** Appends a generated run of changes (see generator.ts); costs no memory per change. */
  appendSource(source: ChangeSource): void {
    if (source.size === 0) return;
    this.segments.push({ start: this.total, source });
    this.total += source.size;
  }

  /** Forgets every change (the simulator's reset). Old pagination keys then point past the end. */
  clear(): void {
    this.segments = [];
    this.total = 0;
  }

  get size(): number {
    // A ListSource may have grown since its segment was added.
    const lastSegment = this.segments[this.segments.length - 1];
    return lastSegment ? lastSegment.start + lastSegment.source.size : 0;
  }

  /** Change number `index` of the whole log. */
  at(index: number): unknown {
    const segment = this.segmentOf(index);
    return segment ? segment.source.at(index - segment.start) : undefined;
  }

  page(paginationKey: string | undefined, limit: number): { items: unknown[]; nextPageKey: string } {
    const { offset, items } = this.slice(paginationKey, limit);
    return { items: items.map((entry) => entry.item), nextPageKey: encodeKey(offset + items.length) };
  }

  /** The log position a pagination key stands for (0 without a key). */
  offsetOf(paginationKey: string | undefined): number {
    return paginationKey === undefined ? 0 : decodeKey(paginationKey);
  }

  /** The pagination key that resumes at `position`. */
  keyAt(position: number): string {
    return encodeKey(position);
  }

  /** A page with the log position of every item (for per-item faults). */
  slice(
    paginationKey: string | undefined,
    limit: number,
  ): { offset: number; items: { index: number; item: unknown }[] } {
    const offset = paginationKey === undefined ? 0 : decodeKey(paginationKey);
    const end = Math.min(this.size, offset + limit);
    const items: { index: number; item: unknown }[] = [];
    for (let index = offset; index < end; index += 1) items.push({ index, item: this.at(index) });
    return { offset, items };
  }

  /** True when the ticket of change `index` changes again later in the log. */
  isSuperseded(index: number, ticketId: string): boolean {
    for (let s = this.segments.length - 1; s >= 0; s -= 1) {
      const segment = this.segments[s];
      if (!segment) continue;
      const last = segment.source.lastIndexOf(ticketId);
      if (last !== undefined) return segment.start + last > index;
    }
    return false;
  }

  /** The ticket's current state: its change with the newest TIXNGO change time (later wins ties). */
  current(ticketId: string): unknown {
    let best: unknown;
    let bestAt = Number.NEGATIVE_INFINITY;
    for (const segment of this.segments) {
      const index = segment.source.newestIndexOf(ticketId);
      if (index === undefined) continue;
      const item = segment.source.at(index);
      const at = Date.parse((item as { statusChangedAt?: string }).statusChangedAt ?? '');
      if (best === undefined || !(at < bestAt)) {
        best = item;
        bestAt = Number.isNaN(at) ? bestAt : at;
      }
    }
    return best;
  }

  private segmentOf(index: number): { start: number; source: ChangeSource } | undefined {
    let low = 0;
    let high = this.segments.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = this.segments[middle];
      if (!segment) return undefined;
      if (index < segment.start) high = middle - 1;
      else if (index >= segment.start + segment.source.size) low = middle + 1;
      else return segment;
    }
    return undefined;
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
