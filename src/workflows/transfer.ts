import { condition, setHandler } from '@temporalio/workflow';
import type { TransferEvent } from '../domain/transferEvent';
import {
  transferEventSignal,
  transferStateQuery,
  type TransferResult,
  type TransferWorkflowInput,
} from './transferDefinitions';

const isFinal = (event: TransferEvent): boolean => event.status !== 'PENDING_TRANSFER';

/**
 * One ticket transfer, from PENDING_TRANSFER to TRANSFERRED or FAILURE_TRANSFER. This is the
 * hand-off point of the feedback workflow; contacts and distribution lines come with issue 6.
 */
export async function transferWorkflow(input: TransferWorkflowInput): Promise<TransferResult> {
  let latest = input.event;
  let events = 1;
  setHandler(transferEventSignal, (event) => {
    events += 1;
    if (Date.parse(event.statusChangedAt) >= Date.parse(latest.statusChangedAt)) latest = event;
  });
  const state = (): TransferResult => ({
    organizerId: input.event.organizerId,
    ticketId: input.event.ticketId,
    transferKey: input.event.transferKey,
    status: latest.status,
    events,
  });
  setHandler(transferStateQuery, state);
  await condition(() => isFinal(latest), input.acceptanceWindowMs * 2);
  return state();
}
