import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import {
  parseSkipList,
  skipEntryKey,
  skipEntryOf,
  splitSkipEntries,
  type SkipList,
} from '../domain/skipList';
import { skipTicketsSignal, unskipTicketsSignal } from '../workflows/definitions';
import { MAX_SIGNAL_ENTRIES } from '../workflows/signalPayloads';
import { feedbackWorkflowId } from '../workflows/ids';
import { OrganizerNotScheduledError } from './errors';

/**
 * Sends the skipTickets or unskipTickets signal. Entries to skip are checked first by the skip-list
 * parser (SkipListError naming the first bad one); entries to unskip are sent as given (trimmed,
 * split at commas): any entry in the live list can be removed, also one that no longer parses.
 */
export async function signalSkipList(
  client: Client,
  organizerId: string,
  action: 'skip' | 'unskip',
  entries: readonly string[],
): Promise<string[]> {
  const normalized = action === 'skip' ? formatEntries(parseSkipList(entries)) : unskipEntries(entries);
  if (normalized.length === 0) throw new Error('No ticket given: pass tax numbers or id:<ticketId> entries.');
  if (normalized.length > MAX_SIGNAL_ENTRIES)
    throw new Error(`Too many entries (${normalized.length}): at most ${MAX_SIGNAL_ENTRIES} per signal.`);
  const handle = client.workflow.getHandle(feedbackWorkflowId(OrganizerId.parse(organizerId)));
  try {
    await handle.signal(action === 'skip' ? skipTicketsSignal : unskipTicketsSignal, normalized);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new OrganizerNotScheduledError(organizerId);
    throw error;
  }
  return normalized;
}

function formatEntries(parsed: SkipList): string[] {
  return [
    ...parsed.ticketIds.map((id) => skipEntryOf('id', id)),
    ...parsed.taxNumbers.map((tax) => skipEntryOf('tax', tax)),
  ];
}

function unskipEntries(entries: readonly string[]): string[] {
  return [...new Set(splitSkipEntries(entries).map(skipEntryKey))];
}
