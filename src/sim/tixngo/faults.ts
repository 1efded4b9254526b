import { z } from 'zod';
import { seededRandom, unitHash, pick } from './random';

/**
 * What can go wrong with TIXNGO on event day, on purpose. Request faults are drawn per request from
 * a seeded stream (or taken from a queue: `next(['500', '429', 'timeout'])`); item faults are
 * decided per change of the log (same change, same fault, every time it is read).
 */
export const FAULT_NAMES = [
  'ok',
  '500',
  '502',
  '503',
  '504',
  '429',
  '400',
  '401',
  '403',
  '404',
  /** Holds the request without answering (until hangMs, or the simulator closes). */
  'timeout',
  /** Answers normally after slowMs. */
  'slow',
  /** Drops the connection without answering. */
  'reset',
  /** Answers 200 with a body that is not a diff response (truncated JSON). */
  'garbage',
] as const;
export const FaultName = z.enum(FAULT_NAMES);
export type FaultName = z.infer<typeof FaultName>;

const rate = z.number().min(0).max(1);

export const FaultPlan = z
  .object({
    seed: z.number().int().default(1),
    /** Share of requests answered 500/502/503/504. */
    errorRate5xx: rate.default(0),
    /** Share of requests answered 429 with Retry-After. */
    rate429: rate.default(0),
    retryAfterSeconds: z.number().min(0).default(1),
    /** Share of requests never answered (the client's time-out fires). */
    timeoutRate: rate.default(0),
    /** How long an unanswered request is held. */
    hangMs: z.number().int().min(0).default(120_000),
    /** Share of requests answered late, and how late. */
    slowRate: rate.default(0),
    slowMs: z.number().int().min(0).default(0),
    /** Share of changes served malformed (bad status, bad time, bad e-mail, not an object…). */
    malformedRate: rate.default(0),
    /** Share of changes served twice in their page. */
    duplicateRate: rate.default(0),
    /** Share of superseded changes left out: the reader never sees that intermediate status. */
    skipIntermediateRate: rate.default(0),
    /** Most items served in one page, whatever `limit` asks (a TIXNGO that caps its pages). */
    pageCap: z.number().int().min(1).optional(),
    /**
     * The `nextPageKey` of a page that reaches the end of the log: a key to resume from (default),
     * `""` or `null` (as some TIXNGO versions answer on their last page).
     */
    endKey: z.enum(['key', 'empty', 'null']).default('key'),
    /**
     * Keys that go round in a cycle (A → B → A): a page ending at or past this log position answers
     * the key of position 0 as its next key.
     */
    keyCycleAt: z.number().int().min(1).optional(),
  })
  .strict();
export type FaultPlan = z.infer<typeof FaultPlan>;
export type FaultPlanInput = z.input<typeof FaultPlan>;

export type ItemFault = 'malformed' | 'duplicate' | 'skip';

export interface FaultStats {
  requests: number;
  /** Request faults served, by name (`ok` = a normal answer). */
  served: Partial<Record<FaultName, number>>;
  malformed: number;
  duplicated: number;
  skipped: number;
}

const SERVER_ERRORS = ['500', '502', '503', '504'] as const;

/** The fault plan of one simulator, its queue and its counters. */
export class FaultController {
  private plan: FaultPlan = FaultPlan.parse({});
  private random = seededRandom(this.plan.seed);
  private readonly queue: FaultName[] = [];
  private counters: FaultStats = emptyStats();

  constructor(plan: FaultPlanInput = {}) {
    this.set(plan);
  }

  /** Replaces the plan (unspecified rates are 0) and restarts its random stream. */
  set(plan: FaultPlanInput): FaultPlan {
    this.plan = FaultPlan.parse(plan);
    this.random = seededRandom(this.plan.seed);
    return this.plan;
  }

  get current(): FaultPlan {
    return this.plan;
  }

  /** Queues faults for the next requests, one per request, before the plan's random draws. */
  next(faults: readonly FaultName[]): void {
    this.queue.push(...faults.map((fault) => FaultName.parse(fault)));
  }

  get queued(): readonly FaultName[] {
    return [...this.queue];
  }

  /** No faults any more: an empty plan, an empty queue. Counters are kept. */
  clear(): void {
    this.queue.length = 0;
    this.set({});
  }

  resetStats(): void {
    this.counters = emptyStats();
  }

  stats(): FaultStats {
    return structuredClone(this.counters);
  }

  /** The fault of the next request. */
  forRequest(): FaultName {
    this.counters.requests += 1;
    const fault = this.queue.shift() ?? this.draw();
    this.counters.served[fault] = (this.counters.served[fault] ?? 0) + 1;
    return fault;
  }

  /** Whether change number `index` of the log is served with an item fault. */
  forItem(index: number, fault: ItemFault): boolean {
    const share =
      fault === 'malformed'
        ? this.plan.malformedRate
        : fault === 'duplicate'
          ? this.plan.duplicateRate
          : this.plan.skipIntermediateRate;
    const salt = fault === 'malformed' ? 11 : fault === 'duplicate' ? 12 : 13;
    return share > 0 && unitHash(this.plan.seed, salt, index) < share;
  }

  count(fault: ItemFault): void {
    if (fault === 'malformed') this.counters.malformed += 1;
    else if (fault === 'duplicate') this.counters.duplicated += 1;
    else this.counters.skipped += 1;
  }

  private draw(): FaultName {
    const { errorRate5xx, rate429, timeoutRate, slowRate } = this.plan;
    if (errorRate5xx + rate429 + timeoutRate + slowRate === 0) return 'ok';
    let roll = this.random();
    if (roll < errorRate5xx) return pick(SERVER_ERRORS, this.random());
    roll -= errorRate5xx;
    if (roll < rate429) return '429';
    roll -= rate429;
    if (roll < timeoutRate) return 'timeout';
    roll -= timeoutRate;
    if (roll < slowRate) return 'slow';
    return 'ok';
  }
}

function emptyStats(): FaultStats {
  return { requests: 0, served: {}, malformed: 0, duplicated: 0, skipped: 0 };
}

const MALFORMATIONS: ((item: Record<string, unknown>) => unknown)[] = [
  (item) => ({ ...item, status: 'NOT_A_STATUS' }),
  (item) => ({ ...item, statusChangedAt: 'yesterday at noon' }),
  (item) => ({ ...item, transfer: { senderEmail: 'nobody', recipientEmail: 42 } }),
  (item) => ({ ...item, ticketId: `${String(item.ticketId)}#broken` }),
  (item) => ({ ...item, spectatorDetails: 'Anna Meier' }),
  () => 'not a ticket',
];

/** A malformed copy of a change, the kind of damage decided by the change's index. */
export function malform(item: unknown, index: number, seed: number): unknown {
  const base = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  return pick(MALFORMATIONS, unitHash(seed, 14, index))(base);
}
