/**
 * The shapes the feedback workflow's signals accept (issue 13, item 1). A signal's payload comes
 * from anyone who can reach Temporal (the command line, `temporal workflow signal`, the UI): it is
 * checked here, in the handler, and a payload of any other shape is refused with a warning, never
 * thrown (a handler that throws fails every workflow task and stalls the feed).
 */
import { z } from 'zod';
import { closestName } from '../domain/closestName';

/** Texts in one skipTickets / unskipTickets / resolveRejections signal. */
export const MAX_SIGNAL_ENTRIES = 1_000;
/** Characters in one text of a skip signal (it may hold several comma-separated entries). */
export const MAX_SIGNAL_TEXT_LENGTH = 4_096;
/** Characters in one ticket id of a resolveRejections signal (SPEC §10: ticket ids up to 256). */
export const MAX_TICKET_ID_LENGTH = 256;

/** skipTickets / unskipTickets: a list of texts, each `id:<ticketId>`, a tax number, or several comma separated. */
export const SkipEntriesPayload = z.array(z.string().max(MAX_SIGNAL_TEXT_LENGTH)).max(MAX_SIGNAL_ENTRIES);

/** resolveRejections: a list of ticket ids. */
export const TicketIdsPayload = z.array(z.string().max(MAX_TICKET_ID_LENGTH)).max(MAX_SIGNAL_ENTRIES);

/** resolveRejections' second argument: ticket id → the time of the change applied (ISO 8601). */
export const ResolvedChangesPayload = z
  .record(z.string().max(MAX_TICKET_ID_LENGTH), z.string().max(64))
  .refine((changes) => Object.keys(changes).length <= MAX_SIGNAL_ENTRIES, {
    message: `at most ${MAX_SIGNAL_ENTRIES} tickets`,
  });

const EXPECTED: Record<string, string> = {
  skipTickets: `a list of at most ${MAX_SIGNAL_ENTRIES} texts of at most ${MAX_SIGNAL_TEXT_LENGTH} characters`,
  unskipTickets: `a list of at most ${MAX_SIGNAL_ENTRIES} texts of at most ${MAX_SIGNAL_TEXT_LENGTH} characters`,
  resolveRejections: `a list of at most ${MAX_SIGNAL_ENTRIES} ticket ids of at most ${MAX_TICKET_ID_LENGTH} characters`,
  'resolveRejections (changes)': `nothing, or an object of at most ${MAX_SIGNAL_ENTRIES} ticket ids → change times (ISO 8601)`,
};

/** What a payload is, in a few words (never its content: it may be anything). */
export function describePayload(payload: unknown): string {
  if (payload === undefined) return 'nothing';
  if (payload === null) return 'null';
  if (Array.isArray(payload)) return `a list of ${payload.length} item${payload.length === 1 ? '' : 's'}`;
  const kind = typeof payload;
  return kind === 'object' ? 'an object' : `a ${kind}`;
}

export type PayloadCheck<T> = { ok: true; value: T } | { ok: false; warning: string };

/** Checks a signal's payload against its schema; a refusal says which signal, what was expected and what came. */
export function checkSignalPayload<T>(
  signalName: string,
  schema: z.ZodType<T>,
  payload: unknown,
): PayloadCheck<T> {
  const checked = schema.safeParse(payload);
  if (checked.success) return { ok: true, value: checked.data };
  const issue = checked.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (at [${issue.path.join('][')}]: ${issue.message})` : '';
  const expected = EXPECTED[signalName] ?? 'another shape';
  return {
    ok: false,
    warning: `signal "${signalName}" refused: expected ${expected}, got ${describePayload(payload)}${where}; nothing applied.`,
  };
}

/** Characters of an unknown signal's name shown in its warning. */
const MAX_SHOWN_SIGNAL_NAME = 80;

/**
 * The warning for a signal no handler knows (a mistyped `temporal workflow signal --name`): names it,
 * JSON-escaped and cut (it may hold anything), and the closest known signal; never its payload.
 */
export function unknownSignalWarning(signalName: string, known: readonly string[]): string {
  const cut =
    signalName.length > MAX_SHOWN_SIGNAL_NAME ? `${signalName.slice(0, MAX_SHOWN_SIGNAL_NAME)}…` : signalName;
  // JSON escapes C0 controls; C1 controls and DEL are escaped too (a terminal obeys them).
  const shown = JSON.stringify(cut).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const meant = closestName(signalName, known);
  return `unknown signal ${shown} ignored${meant ? ` (did you mean "${meant}"?)` : ''}; nothing applied.`;
}
