import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { isRejectionRef } from '../domain/rejectionRef';
import { feedbackWorkflowId } from '../workflows/ids';
import { resolveRejectionsSignal } from '../workflows/definitions';
import { MAX_SIGNAL_ENTRIES, MAX_TICKET_ID_LENGTH } from '../workflows/signalPayloads';
import { OrganizerNotScheduledError, ResolveEntryError } from './errors';

/**
 * Closes open rejections an operator has dealt with (signal resolveRejections): each entry a
 * rejection's reference as `status` shows it (`#3f9a0c1b2d4e`, src/domain/rejectionRef.ts), or a
 * ticket id (every open rejection of that ticket). Returns the entries sent. Throws ResolveEntryError on an entry that
 * starts with `#` but is not a reference, an empty list or too many entries, and
 * OrganizerNotScheduledError when the organizer's workflow is not running. The workflow warns of a
 * reference that names no open rejection.
 */
export async function resolveRejections(
  client: Client,
  organizerId: string,
  entries: readonly string[],
): Promise<string[]> {
  // A reference is compared in lower case, as `status` shows it.
  const normalized = entries
    .map((entry) => entry.trim())
    .map((entry) => (entry.startsWith('#') ? entry.toLowerCase() : entry));
  const sent = [...new Set(normalized.filter((entry) => entry !== ''))];
  if (sent.length === 0)
    throw new ResolveEntryError(
      'No rejection given: pass #references (as `status` shows them) or ticket ids.',
    );
  if (sent.length > MAX_SIGNAL_ENTRIES)
    throw new ResolveEntryError(
      `Too many entries (${sent.length}): at most ${MAX_SIGNAL_ENTRIES} per signal.`,
    );
  for (const entry of sent) {
    if (entry.startsWith('#') && !isRejectionRef(entry))
      throw new ResolveEntryError(
        `${JSON.stringify(entry)} is not a rejection reference: \`status\` shows each open rejection's, # and 12 hexadecimal digits.`,
      );
    if (entry.length > MAX_TICKET_ID_LENGTH)
      throw new ResolveEntryError(
        `An entry of ${entry.length} characters is longer than a ticket id (${MAX_TICKET_ID_LENGTH}).`,
      );
  }
  const handle = client.workflow.getHandle(feedbackWorkflowId(OrganizerId.parse(organizerId)));
  try {
    await handle.signal(resolveRejectionsSignal, sent);
  } catch (error) {
    // A resolve is a signal to the organizer's running schedule (or run): with none, nothing holds the
    // rejections to close; a schedule carries them on from the last run, and resolve works then.
    if (error instanceof WorkflowNotFoundError) throw new OrganizerNotScheduledError(organizerId);
    throw error;
  }
  return sent;
}
