import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrganizerId } from '../domain/organizer';
import { parseSkipList } from '../domain/skipList';
import { skipTicketsSignal, unskipTicketsSignal } from '../workflows/definitions';
import { feedbackWorkflowId } from '../workflows/ids';
import { OrganizerNotScheduledError } from './errors';

/** Sends the skipTickets or unskipTickets signal; entries are checked first (`id:<ticketId>` or tax numbers). */
export async function signalSkipList(
  client: Client,
  organizerId: string,
  action: 'skip' | 'unskip',
  entries: readonly string[],
): Promise<string[]> {
  const parsed = parseSkipList(entries);
  const normalized = [...parsed.ticketIds.map((id) => `id:${id}`), ...parsed.taxNumbers];
  if (normalized.length === 0) throw new Error('No ticket given: pass tax numbers or id:<ticketId> entries.');
  const handle = client.workflow.getHandle(feedbackWorkflowId(OrganizerId.parse(organizerId)));
  try {
    await handle.signal(action === 'skip' ? skipTicketsSignal : unskipTicketsSignal, normalized);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new OrganizerNotScheduledError(organizerId);
    throw error;
  }
  return normalized;
}
