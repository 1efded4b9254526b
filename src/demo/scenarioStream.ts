/**
 * The demo's live ticket activity, built from the TIXNGO simulator's scripted stories: every tick a
 * few new tickets start one of the event-day stories (delivery, assignment, transfers accepted,
 * rejected, cancelled and expired, activations, control, deletion…) and every running story moves
 * one step forward. Times are "now", so S-360 shows fresh changes; the order of stories is fixed, so
 * a demo run is reproducible.
 */
import type { DiffItem } from '../domain/diffItem';
import { SCENARIOS, timelineChanges, type TicketTimeline } from '../sim/tixngo/scenarios';

interface RunningStory {
  steps: DiffItem[];
  next: number;
  /** When each of the story's transfers started, in demo time. */
  initiated: Map<string, string>;
}

export interface ScenarioStreamOptions {
  /** Stories started per tick (default 3). */
  storiesPerTick?: number;
  /** Ticket id prefix of the stream (default `DEMO`); story n gets `<prefix><n>-`. */
  prefix?: string;
}

export class ScenarioStream {
  private readonly stories: readonly TicketTimeline[] = SCENARIOS['event-day'].tickets;
  private readonly running: RunningStory[] = [];
  private started = 0;
  private readonly storiesPerTick: number;
  private readonly prefix: string;

  constructor(options: ScenarioStreamOptions = {}) {
    this.storiesPerTick = options.storiesPerTick ?? 3;
    this.prefix = options.prefix ?? 'DEMO';
  }

  /** How many ticket stories have started so far. */
  get ticketsStarted(): number {
    return this.started;
  }

  /** The changes TIXNGO sees now: the next step of every running story, then the first steps of new ones. */
  tick(now: Date, newStories = this.storiesPerTick): DiffItem[] {
    const changes: DiffItem[] = [];
    for (const story of this.running) changes.push(this.step(story, now));
    for (let i = 0; i < newStories; i += 1) {
      const timeline = this.stories[this.started % this.stories.length] as TicketTimeline;
      this.started += 1;
      const story: RunningStory = {
        steps: timelineChanges(timeline, { prefix: `${this.prefix}${this.started}-` }),
        next: 0,
        initiated: new Map(),
      };
      this.running.push(story);
      changes.push(this.step(story, now));
    }
    for (let i = this.running.length - 1; i >= 0; i -= 1) {
      const story = this.running[i] as RunningStory;
      if (story.next >= story.steps.length) this.running.splice(i, 1);
    }
    return changes;
  }

  private step(story: RunningStory, now: Date): DiffItem {
    const item = story.steps[story.next] as DiffItem;
    story.next += 1;
    const at = now.toISOString();
    if (!item.transfer) return { ...item, statusChangedAt: at };
    const key = item.transfer.id ?? item.transfer.recipientEmail;
    const initiatedAt = story.initiated.get(key) ?? at;
    story.initiated.set(key, initiatedAt);
    return { ...item, statusChangedAt: at, transfer: { ...item.transfer, initiatedAt } };
  }
}
