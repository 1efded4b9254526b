import type { PageResume } from '../domain/pageSlices';
import type { TransferEvent } from '../domain/transferEvent';

/** A page whose ticket data is applied and whose transfer steps wait to be handed on. */
export interface QueuedPage {
  events: readonly TransferEvent[];
  /** The pagination key after the page: it may be kept only once the page's steps are handed on. */
  keyAfter: string | undefined;
  /** A slice of a page: where the page goes on after it (kept, like the key, once handed on). */
  resumeAfter?: PageResume;
}

/**
 * The feedback run's pages whose transfer steps wait for startTransfers (src/workflows/startTransfers.ts):
 * the run reads and applies the next pages meanwhile (a transfer's start is slower: a Temporal
 * call each, from the hand-off activity). Batches go in page order, one at a time, several pages in one when they have
 * queued up (a transfer not yet running then starts with every step read of it), at most
 * `batchLimit` steps unless one page has more. `onHandedOn` is told of each page once all its
 * steps are handed on, in page order: only then may the run move its pagination key over it. So
 * one ticket's steps reach its transfer workflows in the order the pages carry them (issue 14).
 * A failed batch stops the queue: nothing after it is reported, and `whenIdle` rethrows it.
 * Deterministic: promises only, no timers.
 */
export class TransferStepQueue {
  private readonly pages: QueuedPage[] = [];
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** Steps read but not yet handed on. */
  queuedSteps = 0;

  constructor(
    private readonly startTransfers: (events: readonly TransferEvent[]) => Promise<void>,
    private readonly onHandedOn: (page: QueuedPage) => void,
    /** At most this many steps per batch (whole pages; a larger page goes alone). */
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
      this.onHandedOn(page); // nothing to wait for
      return;
    }
    this.pages.push(page);
    this.queuedSteps += page.events.length;
    this.running ??= this.drain();
  }

  /** Resolves once every queued page is handed on; rethrows a failed batch's error. */
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
        if (events.length > 0) await this.startTransfers(events);
        this.queuedSteps -= events.length;
        batch.forEach((page) => this.onHandedOn(page));
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      // Cleared in the same turn as the last empty take: a page pushed later starts a new drain.
      this.running = undefined;
    }
  }
}
