/**
 * A page's transfer steps as the bare loop and bench:transfer-cost run them without Temporal: each
 * transfer opened once (openTransfer), then closed when its outcome comes (closeTransfer) — the same
 * activity functions, the same S-360 calls as the transfer workflows make.
 */
import { closeTransfer, openTransfer, type OpenedTransfer } from '../src/activities/transferActivities';
import { finalStatusOf } from '../src/domain/transferOutcome';
import type { TransferEvent } from '../src/domain/transferEvent';
import type { S360Gateway } from '../src/s360/gateway';

/** Runs `work` on every item, at most `limit` at once. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Counts of a stepper: transfers opened and settled so far. */
export interface TransferStepCounts {
  opened: number;
  settled: number;
}

/** A step function over one S-360 gateway: opens a transfer at its first step, settles it at its outcome. */
export function transferStepper(s360: S360Gateway): {
  step: (event: TransferEvent) => Promise<void>;
  counts: TransferStepCounts;
} {
  const opened = new Map<string, OpenedTransfer>();
  const counts: TransferStepCounts = { opened: 0, settled: 0 };
  const step = async (event: TransferEvent): Promise<void> => {
    let open = opened.get(event.transferKey);
    if (!open) {
      open = await openTransfer(s360, event);
      opened.set(event.transferKey, open);
      counts.opened += 1;
    }
    const status = finalStatusOf(event.status);
    if (!status) return;
    await closeTransfer(s360, {
      event,
      lineId: open.lineId,
      recipientContactId: open.recipientContactId,
      status,
    });
    opened.delete(event.transferKey);
    counts.settled += 1;
  };
  return { step, counts };
}

/** A page's steps, each transfer's in page order, `concurrency` transfers at once. */
export async function runTransferSteps(
  step: (event: TransferEvent) => Promise<void>,
  events: readonly TransferEvent[],
  concurrency: number,
): Promise<void> {
  const byTransfer = new Map<string, TransferEvent[]>();
  for (const event of events)
    byTransfer.set(event.transferKey, [...(byTransfer.get(event.transferKey) ?? []), event]);
  await inParallel([...byTransfer.values()], concurrency, async (steps) => {
    for (const event of steps) await step(event);
  });
}
