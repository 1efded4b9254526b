import { transferWorkflowId } from '../../src/workflows/ids';
import type { TestStack } from './stack';
import { transferKeyFor } from './transfers';

/** A transfer step as TIXNGO serves it (the fields used to find its workflow and its line). */
export interface TransferStep {
  ticketId: string;
  status: string;
  statusChangedAt: string;
  transfer?: { id?: string; senderEmail: string; recipientEmail: string; initiatedAt?: string };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` answers true or the deadline passes; true when it did. */
async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done().catch(() => false)) return true;
    await pause(200);
  }
  return false;
}

/**
 * Waits, at most `timeoutMs` for each, until TIXNGO's transfers among `steps` are applied: a transfer
 * TIXNGO decided (an outcome, or a newer transfer of the ticket) until its workflow ended; the last
 * transfer of a ticket left pending until its line shows. Never fails: a bug may mean "never", and the
 * caller's assertions on the end state then say what is wrong. Answers the transfers (ticket and
 * TIXNGO transfer id) that were not applied in time.
 */
export async function transfersApplied(
  stack: TestStack,
  steps: readonly TransferStep[],
  timeoutMs = 20_000,
): Promise<string[]> {
  const byTicket = new Map<string, Map<string, TransferStep[]>>();
  for (const step of steps) {
    if (!step.transfer) continue;
    const transfers = byTicket.get(step.ticketId) ?? new Map<string, TransferStep[]>();
    const id =
      step.transfer.id ??
      `${step.transfer.senderEmail}>${step.transfer.recipientEmail}@${step.transfer.initiatedAt ?? ''}`;
    transfers.set(id, [...(transfers.get(id) ?? []), step]);
    byTicket.set(step.ticketId, transfers);
  }
  const late = await Promise.all(
    [...byTicket.values()].flatMap((transfers) => {
      const all = [...transfers.entries()];
      return all.map(async ([id, own], index) => {
        const first = own[0];
        if (!first?.transfer) return [];
        const { transfer } = first;
        const decided =
          own.some((step) => !['PENDING_TRANSFER', 'PENDING'].includes(step.status)) ||
          index < all.length - 1;
        let applied: boolean;
        if (decided) {
          const key = transferKeyFor(stack.organizerId, first.ticketId, transfer, first.statusChangedAt);
          const handle = stack.client.workflow.getHandle(
            transferWorkflowId(stack.organizerId, first.ticketId, key),
          );
          applied = await until(async () => (await handle.describe()).status.name !== 'RUNNING', timeoutMs);
        } else {
          const occurredAt = Date.parse(transfer.initiatedAt ?? first.statusChangedAt);
          applied = await until(
            async () =>
              (await stack.s360Api.listDistributionLines(first.ticketId)).some(
                (line) => Date.parse(line.occurredAt) === occurredAt,
              ),
            timeoutMs,
          );
        }
        return applied ? [] : [`${first.ticketId} ${id}`];
      });
    }),
  );
  return late.flat();
}
