import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TransferActivities } from '../activities';
import type { FinalDistributionStatus } from '../domain/distribution';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import { finalStatusOf } from '../domain/transferOutcome';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from './ids';
import { TRANSFER_STATUS } from './searchAttributes';
import { RunWarnings } from './runWarnings';
import { surfacingFailures } from './surfaceFailure';
import { checkSuperseded, checkTransferEvent } from './transferSignalPayloads';
import {
  ACCEPTANCE_GRACE_MS,
  MAX_RECONCILIATIONS,
  transferEventSignal,
  transferStateQuery,
  transferSupersededSignal,
  TRANSFER_WORKFLOW_SHAPE,
  type SettledBy,
  type TransferResult,
  type TransferWorkflowInput,
} from './transferDefinitions';

const retry = {
  initialInterval: '1 second',
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
} as const;

/** Shape 1: each S-360 step is an ordinary activity (3 history events and a task queue round trip). */
const ordinaryActivities = proxyActivities<TransferActivities>({ startToCloseTimeout: '1 minute', retry });
/**
 * Shape 2: each step is a local activity, run by the worker inside the workflow task that asked
 * for it and recorded as one marker: a transfer whose outcome is known at start costs one
 * workflow task. Retries past a minute wait on a durable timer, so an S-360 outage is ridden out.
 */
const localActivities = proxyLocalActivities<TransferActivities>({ startToCloseTimeout: '1 minute', retry });

const newer = (a: TransferEvent, b: TransferEvent): boolean =>
  Date.parse(a.statusChangedAt) > Date.parse(b.statusChangedAt);

/**
 * One ticket transfer, from PENDING_TRANSFER to TRANSFERRED or FAILURE_TRANSFER (SPEC §7, §8):
 * opens it in S-360 (recipient contact, PENDING line), waits for its outcome by signal, or asks
 * TIXNGO once the acceptance window has passed, then settles it (contact, cultural contact, line).
 * Events may come late, twice or out of order; every step is idempotent.
 */
export async function transferWorkflow(input: TransferWorkflowInput): Promise<TransferResult> {
  const { event: first } = input;
  const current = input.shape === TRANSFER_WORKFLOW_SHAPE;
  const { openTransfer, closeTransfer, reconcileTransfer } = current ? localActivities : ordinaryActivities;
  let latest = first;
  let events = 1;
  let outcome: Outcome | undefined;
  const result: TransferResult = {
    organizerId: first.organizerId,
    ticketId: first.ticketId,
    transferKey: first.transferKey,
    status: first.status,
    distribution: 'PENDING',
    events,
  };

  const consider = (event: TransferEvent): void => {
    if (newer(event, latest) || event === first) latest = event;
    result.status = latest.status;
    const status = finalStatusOf(event.status);
    // The first outcome seen settles the transfer; a later, different one cannot move the line back.
    if (status && !outcome) outcome = { status, by: 'event', event };
  };
  // Handlers never throw (issue 13): a payload of another shape is refused with a warning in the
  // result, the `state` query and the worker log (listed only once there is one).
  let warnings: RunWarnings | undefined;
  const warn = (text: string): void => {
    warnings ??= new RunWarnings((result.warnings = []));
    warnings.add(text, { organizerId: first.organizerId, ticketId: first.ticketId });
  };
  setHandler(transferEventSignal, (payload: unknown) => {
    const checked = checkTransferEvent(payload, first);
    if (!checked.ok) return warn(checked.warning);
    events += 1;
    result.events = events;
    consider(checked.value);
  });
  setHandler(transferSupersededSignal, (payload: unknown) => {
    const checked = checkSuperseded(payload);
    if (!checked.ok) return warn(checked.warning);
    outcome ??= { status: checked.value.status, by: 'newer-transfer', event: latest };
  });
  setHandler(transferStateQuery, () => result);
  consider(first);
  for (const step of input.laterSteps ?? []) {
    events += 1;
    result.events = events;
    consider(step);
  }

  const opened = await surfacingFailures(() => openTransfer({ event: first }));
  result.lineId = opened.lineId;
  result.recipientContactId = opened.recipientContactId;
  for (const older of opened.superseded) {
    const id = transferWorkflowId(first.organizerId, first.ticketId, older.transferKey);
    await getExternalWorkflowHandle(id)
      .signal(transferSupersededSignal, { byTransferKey: first.transferKey, status: older.status })
      .catch(() => undefined); // it already ended: S-360 is settled either way
  }
  if (opened.supersededBy) {
    result.distribution = opened.supersededBy.status;
    result.settledBy = 'newer-transfer';
    return finish(result, current);
  }

  // Wait for the outcome; past the acceptance window, ask TIXNGO what became of the ticket.
  const known = current ? outcome : undefined;
  const settled =
    known ??
    (await waitForOutcome(
      input,
      reconcileTransfer,
      () => outcome,
      () => latest,
    ));
  if (settled.by === 'newer-transfer') {
    result.distribution = settled.status;
    result.settledBy = settled.by;
    return finish(result, current);
  }
  const closed = await surfacingFailures(() =>
    closeTransfer({
      event: settled.event,
      lineId: opened.lineId,
      recipientContactId: opened.recipientContactId,
      status: settled.status,
    }),
  );
  result.distribution =
    closed.line === 'conflict' ? (closed.status === 'CONFIRMED' ? 'CANCELLED' : 'CONFIRMED') : closed.status;
  result.settledBy = settled.by;
  result.contact = closed.contact;
  result.line = closed.line;
  return finish(result, current);
}

interface Outcome {
  status: FinalDistributionStatus;
  by: SettledBy;
  event: TransferEvent;
}

/**
 * Waits for the outcome (a signal), up to the acceptance window plus a grace period; then asks
 * TIXNGO, again after each further window while it still shows the transfer pending, and calls
 * it expired after MAX_RECONCILIATIONS answers of "pending".
 */
async function waitForOutcome(
  input: TransferWorkflowInput,
  reconcileTransfer: TransferActivities['reconcileTransfer'],
  current: () => Outcome | undefined,
  latest: () => TransferEvent,
): Promise<Outcome> {
  const { event: first } = input;
  for (let asked = 0; ; asked += 1) {
    const window = asked === 0 ? input.acceptanceWindowMs + ACCEPTANCE_GRACE_MS : input.acceptanceWindowMs;
    await condition(() => current() !== undefined, window);
    const signalled = current();
    if (signalled) return signalled;
    const reconciled = await surfacingFailures(() =>
      reconcileTransfer({
        organizerId: first.organizerId,
        ticketId: first.ticketId,
        transferKey: first.transferKey,
        recipientEmail: first.recipientEmail,
      }),
    );
    const meanwhile = current();
    if (meanwhile) return meanwhile;
    if (reconciled.status !== 'PENDING') {
      const event = reconciled.event ? { ...reconciled.event, senderEmail: first.senderEmail } : latest();
      return { status: reconciled.status, by: 'reconciliation', event };
    }
    if (asked + 1 >= MAX_RECONCILIATIONS) return { status: 'CANCELLED', by: 'expired', event: latest() };
  }
}

/**
 * Keeps the TransferStatus search attribute current, on workflows started with it (the hand-off
 * sets it); shape 2 skips the visibility write when it already holds the final status.
 */
function finish(result: TransferResult, current: boolean): TransferResult {
  const shown = workflowInfo().typedSearchAttributes.get(TRANSFER_STATUS);
  if (shown !== undefined && !(current && shown === result.status)) {
    upsertSearchAttributes([{ key: TRANSFER_STATUS, value: result.status }]);
  }
  return result;
}
