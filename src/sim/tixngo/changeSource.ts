/**
 * A run of ticket changes the simulator can serve without holding them all: an explicit list, or a
 * generator that builds change number i on demand.
 */
export interface ChangeSource {
  readonly size: number;
  /** Change number `index` (0-based) of this source. */
  at(index: number): unknown;
  /** Index of the ticket's last change in this source, by position. */
  lastIndexOf(ticketId: string): number | undefined;
  /** Index of the ticket's newest change in this source, by TIXNGO change time. */
  newestIndexOf(ticketId: string): number | undefined;
}

function ticketIdOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const id = (item as { ticketId?: unknown }).ticketId;
  return typeof id === 'string' ? id : undefined;
}

function changedAtOf(item: unknown): number {
  if (typeof item !== 'object' || item === null) return Number.NaN;
  const at = (item as { statusChangedAt?: unknown }).statusChangedAt;
  return typeof at === 'string' ? Date.parse(at) : Number.NaN;
}

/** Changes given one by one (tests, scenarios, the HTTP control). */
export class ListSource implements ChangeSource {
  private readonly items: unknown[] = [];
  private readonly last = new Map<string, number>();
  private readonly newest = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  push(...items: unknown[]): void {
    for (const item of items) {
      const index = this.items.push(item) - 1;
      const ticketId = ticketIdOf(item);
      if (ticketId === undefined) continue;
      this.last.set(ticketId, index);
      const seen = this.newest.get(ticketId);
      // Ties and unreadable times go to the later change.
      if (seen === undefined || !(changedAtOf(this.items[seen]) > changedAtOf(item))) {
        this.newest.set(ticketId, index);
      }
    }
  }

  at(index: number): unknown {
    return this.items[index];
  }

  lastIndexOf(ticketId: string): number | undefined {
    return this.last.get(ticketId);
  }

  newestIndexOf(ticketId: string): number | undefined {
    return this.newest.get(ticketId);
  }
}
