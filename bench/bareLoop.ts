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
import { createHttpS360Gateway } from '../src/s360/httpGateway';
import { createDiffClient } from '../src/tixngo/diffClient';
import { runTransferSteps, transferStepper } from './transferSteps';

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
  const result: BareLoopResult = { pages: 0, items: 0, applied: 0, transfersOpened: 0, transfersSettled: 0 };
  const { step, counts } = transferStepper(s360);

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
    await runTransferSteps(step, summary.transfers, options.concurrency);
    result.transfersOpened = counts.opened;
    result.transfersSettled = counts.settled;
    key = page.nextPageKey ?? key;
    if (page.nextPageKey === null || page.items.length < options.batchSize) return result;
  }
}
