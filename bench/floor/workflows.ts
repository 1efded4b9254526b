import {
  condition,
  defineSignal,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  ORGANIZER_ID as OI,
  TICKET_ID as TI,
  TRANSFER_STATUS as TS,
} from '../../src/workflows/searchAttributes';

export interface FloorActivities {
  noop(input: { n: number }): Promise<{ n: number }>;
}
const { noop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

export type Variant = 'empty' | 'local1' | 'act1' | 'wait-local' | 'wait-act2' | 'wait-local-sa';
const outcome = defineSignal<[string]>('outcome');

export async function floorChild(variant: Variant): Promise<number> {
  let got: string | undefined;
  setHandler(outcome, (s) => {
    got = s;
  });
  if (variant === 'empty') return 0;
  if (variant === 'local1') return (await local.noop({ n: 1 })).n;
  if (variant === 'act1') return (await noop({ n: 1 })).n;
  if (variant === 'wait-local' || variant === 'wait-local-sa') {
    await local.noop({ n: 1 });
    await condition(() => got !== undefined, '1 hour');
    const r = (await local.noop({ n: 2 })).n;
    if (variant === 'wait-local-sa') upsertSearchAttributes([{ key: TS, value: 'TRANSFERRED' }]);
    return r;
  }
  await noop({ n: 1 });
  await condition(() => got !== undefined, '1 hour');
  return (await noop({ n: 2 })).n;
}

export async function floorParent(variant: Variant, n: number, prefix: string, batch: number): Promise<void> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      ids.slice(i, i + batch).map((workflowId) =>
        startChild(floorChild, {
          workflowId,
          args: [variant],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          ...(variant === 'wait-local-sa'
            ? {
                typedSearchAttributes: [
                  { key: TS, value: 'PENDING_TRANSFER' },
                  { key: OI, value: 'o' },
                  { key: TI, value: workflowId },
                ],
              }
            : {}),
        }),
      ),
    );
  }
  if (variant.startsWith('wait')) {
    for (let i = 0; i < n; i += batch) {
      await Promise.all(
        ids.slice(i, i + batch).map((id) => getExternalWorkflowHandle(id).signal(outcome, 'x')),
      );
    }
  }
}
