import type { PageResume } from '../domain/pageSlices';
import type { TransferEvent } from '../domain/transferEvent';

/** A page whose ticket data is applied and whose transfer steps wait to be handed off. */
export interface QueuedPage {
  events: readonly TransferEvent[];
  /** The pagination key after the page: it may be kept only once the page's steps are handed off. */
  keyAfter: string | undefined;
  /** A slice of a page: where the page goes on after it (kept, like the key, once handed off). */
  resumeAfter?: PageResume;
}

/**
 * Lets the feedback run read and apply the next pages while the transfer steps of earlier pages
 * are being handed to their transfer workflows (slower: a child workflow each). Pages are handed
 * off in order, several at once when they have queued up (a transfer not yet running then starts
 * with every step read of it); `onHandedOff` is told of each page once all its steps are handed
 * off, in page order, and is where the run may move its pagination key. A failed hand-off stops
 * the queue: nothing after it is reported handed off, and `whenIdle` rethrows it.
 * Deterministic: promises only, no timers.
 */
export class TransferHandOffQueue {
  private readonly pages: QueuedPage[] = [];
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** Steps read but not yet handed off. */
  queuedSteps = 0;

  constructor(
    private readonly handOff: (events: readonly TransferEvent[]) => Promise<void>,
    private readonly onHandedOff: (page: QueuedPage) => void,
    /** At most this many steps per hand-off (Temporal fails a workflow with 2,000 pending child starts). */
    private readonly batchLimit: number,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  push(page: QueuedPage): void {
    if (this.failure) return;
    if (!this.running && page.events.length === 0) {
      this.onHandedOff(page); // nothing to wait for
      return;
    }
    this.pages.push(page);
    this.queuedSteps += page.events.length;
    this.running ??= this.drain();
  }

  /** Resolves once every queued page is handed off; rethrows a failed hand-off. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure.error;
  }

  private takeBatch(): QueuedPage[] {
    const batch: QueuedPage[] = [];
    let steps = 0;
    for (let next = this.pages[0]; next; next = this.pages[0]) {
      if (batch.length > 0 && steps + next.events.length > this.batchLimit) break;
      batch.push(next);
      steps += next.events.length;
      this.pages.shift();
    }
    return batch;
  }

  private async drain(): Promise<void> {
    await Promise.resolve(); // `running` is set before anything below can clear it
    try {
      for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) {
        const events = batch.flatMap((page) => page.events);
        if (events.length > 0) await this.handOff(events);
        this.queuedSteps -= events.length;
        batch.forEach((page) => this.onHandedOff(page));
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      // Cleared in the same turn as the last empty take: a page pushed later starts a new drain.
      this.running = undefined;
    }
  }
}
