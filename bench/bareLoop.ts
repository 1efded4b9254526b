/**
 * The baseline: the same HTTP calls as the Temporal path, made by a plain loop in this process with
 * no Temporal at all. It fetches the diff page by page, applies each page with the very function the
 * activity uses (bulk mobile updates), and opens / settles every transfer with the very functions
 * the transfer activities use (contact look-up or creation, distribution line, settlement).
 * Transfers of one page run with a bounded concurrency; steps of one transfer run in order.
 */
import { applyDiffItems } from '../src/activities/applyDiffItems';
import { createTransferKeyer } from '../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../src/config/transferKeySecret';
import { closeTransfer, openTransfer, type OpenedTransfer } from '../src/activities/transferActivities';
import { finalStatusOf } from '../src/domain/transferOutcome';
import type { TransferEvent } from '../src/domain/transferEvent';
import { createHttpS360Gateway } from '../src/s360/httpGateway';
import { createDiffClient } from '../src/tixngo/diffClient';

export interface BareLoopOptions {
  organizerId: string;
  tixngoUrl: string;
  tixngoKey: string;
  s360Url: string;
  s360Key: string;
  batchSize: number;
  /** Transfers of one page handled at once. */
  concurrency: number;
}

export interface BareLoopResult {
  pages: number;
  items: number;
  applied: number;
  transfersOpened: number;
  transfersSettled: number;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
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

export async function runBareLoop(options: BareLoopOptions): Promise<BareLoopResult> {
  const tixngo = createDiffClient({
    organizerId: options.organizerId,
    baseUrl: options.tixngoUrl,
    diffPath: '/tickets/diff',
    authHeader: 'x-tixngo-key',
    apiKey: options.tixngoKey,
    timeoutMs: 60_000,
  });
  const s360 = createHttpS360Gateway({
    organizerId: options.organizerId,
    baseUrl: options.s360Url,
    apiKey: options.s360Key,
    timeoutMs: 60_000,
  });
  const opened = new Map<string, OpenedTransfer>();
  const result: BareLoopResult = { pages: 0, items: 0, applied: 0, transfersOpened: 0, transfersSettled: 0 };

  const step = async (event: TransferEvent): Promise<void> => {
    let open = opened.get(event.transferKey);
    if (!open) {
      open = await openTransfer(s360, event);
      opened.set(event.transferKey, open);
      result.transfersOpened += 1;
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
    result.transfersSettled += 1;
  };

  const transferKeys = createTransferKeyer(transferKeySecretFromEnv());
  let key: string | undefined;
  for (;;) {
    const page = await tixngo.fetchPage(key, options.batchSize);
    const summary = await applyDiffItems(s360, page.items, {
      organizerId: options.organizerId,
      skipTickets: [],
      strict: false,
      distributionEnabled: true,
      transferKeys,
      openRejectionTicketIds: [],
      resumeToken: `bare:${key ?? ''}`,
    });
    result.pages += 1;
    result.items += summary.items;
    result.applied += summary.applied;
    const byTransfer = new Map<string, TransferEvent[]>();
    for (const event of summary.transfers) {
      byTransfer.set(event.transferKey, [...(byTransfer.get(event.transferKey) ?? []), event]);
    }
    await inParallel([...byTransfer.values()], options.concurrency, async (steps) => {
      for (const event of steps) await step(event);
    });
    key = page.nextPageKey ?? key;
    if (page.nextPageKey === null || page.items.length < options.batchSize) return result;
  }
}
