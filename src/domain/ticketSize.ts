import { jsonBytes } from './payloadSize';

/**
 * The largest ticket (one diff item) accepted, in UTF-8 bytes of its JSON, from TIXNGO's pages and
 * from an imported file alike (SPEC §9, §10). TIXNGO's tickets are a few KiB; a larger one is
 * rejected and kept like any bad ticket (its raw text cut, src/activities/applyDiffItems.ts), so
 * no summary, rejection or import part carries it across Temporal's payload limits.
 */
export const MAX_TICKET_BYTES = 64 * 1024;

/** Why a raw item is too large to be one ticket, or undefined when it is not. Pure. */
export function ticketSizeProblem(raw: unknown): string | undefined {
  const size = jsonBytes(raw);
  return size > MAX_TICKET_BYTES
    ? `the item is ${size} bytes, larger than the ${MAX_TICKET_BYTES} one ticket may take`
    : undefined;
}
