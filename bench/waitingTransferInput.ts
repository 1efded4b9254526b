/**
 * The input of a transfer workflow that opens and then waits for its outcome (one day's acceptance
 * window): what bench/memory.ts and bench/workflowInstance.ts start N of.
 */
import type { TransferWorkflowInput } from '../src/workflows/transferDefinitions';

export function waitingTransferInput(organizerId: string, i: number): TransferWorkflowInput {
  return {
    event: {
      organizerId,
      ticketId: `T${i}`,
      transferKey: `K${i}`,
      status: 'PENDING_TRANSFER',
      statusChangedAt: '2026-12-01T10:00:00.000Z',
      senderEmail: `sender${i}@example.com`,
      recipientEmail: `recipient${i}@example.com`,
    },
    acceptanceWindowMs: 24 * 3600_000,
    waiting: { lineId: i, recipientContactId: i, asked: 0 },
  };
}
