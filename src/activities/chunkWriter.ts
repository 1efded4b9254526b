import type { MobileUpdate } from '../domain/mobileUpdate';
import { TransportError } from '../http/transportError';
import type { BulkUpdateResult, S360Gateway } from '../s360/gateway';

/** A ticket whose mobile data S-360 would not take, and why (issue 13, item 4). */
export interface RefusedUpdate {
  ticketId: string;
  reason: string;
}

/** What writing one chunk did: counts of the tickets written, and the tickets S-360 refused. */
export interface ChunkWrite extends BulkUpdateResult {
  refused: RefusedUpdate[];
}

/** A ticket whose own write S-360 failed on with a 5xx: at fault only once S-360 is shown to be up. */
interface Suspect {
  update: MobileUpdate;
  error: TransportError;
}

/** A chunk written, its 5xx suspects not yet judged (see ChunkWriter.confirm). */
export interface ChunkOutcome extends ChunkWrite {
  suspects: Suspect[];
}

/** Statuses by which S-360 judges the request's content: the chunk is split to find the ticket. */
const CONTENT_REFUSALS: ReadonlySet<number> = new Set([400, 409, 413, 422]);
/** Further failures of a 5xx suspect's own write, each followed by a successful write, before it is at fault. */
export const SUSPECT_CONFIRMATIONS = 2;
/** 5xx failures in a row, with no ticket of the page taken yet, after which S-360 is taken to be down. */
export const BLIND_FAILURE_BUDGET = 64;
const MAX_REASON_CHARS = 500;
/**
 * Tickets of one page S-360 may refuse (4xx) before the writer stops, when it took fewer than it
 * refused: S-360 judging most of a page means its contract changed, not that tickets are bad; each
 * would cost two writes and a rejection (the page's rejections would flood the open list).
 */
export const MOSTLY_REFUSED_MIN = 25;

type Verdict = 'refused' | 'failed' | 'other';

/**
 * How a failed bulk write is read. `refused`: a 4xx that judges the content (400, 409, 413, 422).
 * `failed`: a 5xx, which may be one ticket's fault or S-360's. `other`: everything that is no
 * ticket's fault (network error, timeout, 408/425/429, 401/403/404, an unexpected body), rethrown.
 */
function verdictOf(error: unknown): Verdict {
  if (!(error instanceof TransportError) || error.status === undefined) return 'other';
  if (CONTENT_REFUSALS.has(error.status)) return 'refused';
  if (error.status >= 500) return 'failed';
  return 'other';
}

/** `HTTP 422: <S-360's message>` out of the gateway's error (it names the organizer and operation first). */
function statusAndMessage(error: TransportError): string {
  const marker = `HTTP ${error.status}`;
  const at = error.message.indexOf(marker);
  return at >= 0 ? error.message.slice(at) : marker;
}

const cut = (text: string): string =>
  text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;

export const refusedReason = (error: TransportError): string =>
  cut(`S-360 refused it: ${statusAndMessage(error)}`);

const failedReason = (error: TransportError): string =>
  cut(
    `S-360 failed on it: ${statusAndMessage(error)} (its own write failed ${SUSPECT_CONFIRMATIONS + 1} times, ` +
      'each time followed by a successful write of another ticket of the page)',
  );

/**
 * Writes chunks of a page's mobile updates to S-360 so that one ticket S-360 will not take never
 * blocks the others (issue 13, item 4). A bulk write that fails is split in halves until the
 * tickets at fault are alone (bisection: about 2·log2(n) extra writes per bad ticket). The rule
 * that tells a bad ticket from S-360 being down:
 * - a 4xx that judges the content (400, 409, 413, 422) of a ticket's own write: that ticket is
 *   refused, with S-360's status and message;
 * - a 5xx of a ticket's own write makes it a suspect: it is at fault only when its write fails
 *   again SUSPECT_CONFIRMATIONS times, each failure followed by a successful write of another
 *   ticket of the page (one S-360 already took, written again, which changes nothing). If that
 *   write fails, or no ticket of the page was ever taken, S-360 is taken to be down: the error is
 *   rethrown, retried with backoff, and nothing is rejected;
 * - anything else (network, timeout, 408/425/429, 401/403/404, an unexpected answer) is no
 *   ticket's fault: rethrown at once, never split;
 * - 5xx failures in a row within a chunk, past 2·⌈log2(chunk)⌉ + 2 (more than one bad ticket's
 *   bisection needs), make the writer check S-360 with a ticket it took: if that write fails too,
 *   S-360 is down (rethrown). With no ticket taken yet to check with, S-360 is taken to be down
 *   after BLIND_FAILURE_BUDGET failures in a row. So an outage costs a few requests per chunk.
 * One writer serves one attempt of one page; chunks may be written at once.
 */
export class ChunkWriter {
  private probe: MobileUpdate | undefined;
  /** Tickets of the page S-360 took and refused so far (all chunks of this attempt). */
  private taken = 0;
  private refusedCount = 0;

  /** `knownGood`: updates S-360 took in an earlier attempt (resumed chunks), to probe with. */
  constructor(
    private readonly s360: Pick<S360Gateway, 'applyMobileUpdates'>,
    knownGood: readonly MobileUpdate[] = [],
  ) {
    this.probe = knownGood[0];
  }

  /** Writes one chunk; refused tickets are found by bisection, 5xx suspects are held for `confirm`. */
  async write(updates: readonly MobileUpdate[]): Promise<ChunkOutcome> {
    const outcome: ChunkOutcome = { applied: 0, unchanged: 0, refused: [], suspects: [] };
    const budget = 2 * Math.ceil(Math.log2(Math.max(2, updates.length))) + 2;
    let failuresInARow = 0;
    // Breadth first: a part S-360 takes (the proof it is up) is found early even behind a run of bad tickets.
    const parts: (readonly MobileUpdate[])[] = [updates];
    for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
      if (part.length === 0) continue;
      try {
        const result = await this.s360.applyMobileUpdates(part);
        outcome.applied += result.applied;
        outcome.unchanged += result.unchanged;
        this.taken += part.length;
        this.probe ??= part[0];
        failuresInARow = 0;
        continue;
      } catch (error) {
        const verdict = verdictOf(error);
        if (verdict === 'other') throw error;
        const failure = error as TransportError;
        if (verdict === 'failed') {
          failuresInARow += 1;
          if (failuresInARow > budget && this.probe) {
            await this.s360.applyMobileUpdates([this.probe]); // S-360 down: this throws
            failuresInARow = 0;
          } else if (failuresInARow > BLIND_FAILURE_BUDGET) throw failure;
        }
        const [only] = part;
        if (part.length === 1 && only) {
          if (verdict === 'refused') {
            outcome.refused.push({ ticketId: only.ticketId, reason: refusedReason(failure) });
            this.refusedCount += 1;
            if (this.refusedCount >= MOSTLY_REFUSED_MIN && this.refusedCount > this.taken)
              throw mostlyRefused(this.refusedCount, this.taken, failure);
          } else outcome.suspects.push({ update: only, error: failure });
          continue;
        }
        const middle = Math.ceil(part.length / 2);
        parts.push(part.slice(0, middle), part.slice(middle));
      }
    }
    return outcome;
  }

  /**
   * Judges a chunk's 5xx suspects (after every chunk of the page was written, so any ticket S-360
   * took can serve as the probe). Throws the suspect's error, retryable, when S-360 may be down.
   */
  async confirm(outcome: ChunkOutcome): Promise<ChunkWrite> {
    const result: ChunkWrite = {
      applied: outcome.applied,
      unchanged: outcome.unchanged,
      refused: [...outcome.refused],
    };
    for (const { update, error } of outcome.suspects) {
      let last = error;
      let judged = false;
      for (let round = 0; round < SUSPECT_CONFIRMATIONS && !judged; round += 1) {
        const probe = this.probe;
        if (!probe) throw noEvidence(update, last);
        await this.s360.applyMobileUpdates([probe]); // S-360 down: this throws, and nothing is judged
        try {
          const written = await this.s360.applyMobileUpdates([update]);
          result.applied += written.applied;
          result.unchanged += written.unchanged;
          judged = true;
        } catch (again) {
          const verdict = verdictOf(again);
          if (verdict === 'other') throw again;
          last = again as TransportError;
          if (verdict === 'refused') {
            result.refused.push({ ticketId: update.ticketId, reason: refusedReason(last) });
            judged = true;
          }
        }
      }
      if (judged) continue;
      const probe = this.probe;
      if (!probe) throw noEvidence(update, last);
      await this.s360.applyMobileUpdates([probe]); // the last failure, too, is followed by a success
      result.refused.push({ ticketId: update.ticketId, reason: failedReason(last) });
    }
    return result;
  }
}

/** Not retried: the run fails with it before the key moves, and each run tries the page again. */
function mostlyRefused(refused: number, taken: number, error: TransportError): TransportError {
  return new TransportError(
    `S-360 refused ${refused} tickets of this page one by one and took ${taken} (the last: ` +
      `${statusAndMessage(error)}): S-360 may have changed its API or rules. Nothing of this page is ` +
      'rejected and the pagination key stays here; each run tries the page again.',
    false,
    error.status,
    undefined,
    'refused',
  );
}

function noEvidence(update: MobileUpdate, error: TransportError): TransportError {
  return new TransportError(
    `${error.message} — on the write of ticket "${update.ticketId}" alone, and no other ticket of ` +
      'the page was written to tell a bad ticket from S-360 being down: retried (skip the ticket if this persists)',
    true,
    error.status,
    error.retryAfterMs,
    'server',
  );
}
