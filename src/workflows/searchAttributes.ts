import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes: the Temporal UI finds runs and transfers by these. */
export const ORGANIZER_ID = defineSearchAttributeKey('OrganizerId', SearchAttributeType.KEYWORD);
export const TICKET_ID = defineSearchAttributeKey('TicketId', SearchAttributeType.KEYWORD);
export const TRANSFER_STATUS = defineSearchAttributeKey('TransferStatus', SearchAttributeType.KEYWORD);

export const CUSTOM_SEARCH_ATTRIBUTES = [ORGANIZER_ID, TICKET_ID, TRANSFER_STATUS] as const;
