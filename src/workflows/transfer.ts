import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setDefaultSignalHandler,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TransferActivities } from '../activities';
import type { FinalDistributionStatus } from '../domain/distribution';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failureTypes';
import { finalStatusOf, reconcileDelayMs } from '../domain/transferOutcome';
import type { TransferEvent } from '../domain/transferEvent';
import { transferWorkflowId } from './ids';
import { TRANSFER_STATUS } from './searchAttributes';
import { RunWarnings } from './runWarnings';
import { surfacingFailures } from './surfaceFailure';
import { unknownSignalWarning } from './signalPayloads';
import { checkSuperseded, checkTransferEvent, checkTransferSteps } from './transferSignalPayloads';
import {
  transferEventSignal,
  transferStateQuery,
  transferStepsSignal,
  transferSupersededSignal,
  type SettledBy,
  type TransferResult,
  type TransferWorkflowInput,
} from './transferDefinitions';

/**
 * How long one step may take (issue 14): openTransfer makes up to 9 S-360 calls one after another
 * (contacts, the sender's completion, line, re-read, two settles with their cultural contacts), each
 * within `s360.timeoutMs` (30 s by default: 4.5 minutes), and at most one TIXNGO question (the
 * sender's details a large page could not carry); closeTransfer asks TIXNGO (3 attempts of `tixngo.timeoutMs` with
 * their backoffs) then makes 3 S-360 calls; with room to spare. Raise it with those timeouts.
 */
export const TRANSFER_STEP_TIMEOUT = '10 minutes';

/**
 * Each step is a local activity, run by the worker inside the workflow task that asked for it and
 * recorded as one marker: a transfer whose outcome is known at start costs one workflow task.
 * Retries never stop (only a non-retryable failure ends them); a backoff past a minute waits on a
 * durable timer instead of in the task, so an S-360 or TIXNGO outage of any length is ridden out.
 */
const localActivities = proxyLocalActivities<TransferActivities>({
  startToCloseTimeout: TRANSFER_STEP_TIMEOUT,
  localRetryThreshold: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** Past this many history events a waiting transfer continues as new (Temporal suggests it too). */
export const WAITING_HISTORY_LIMIT = 2_000;

const newer = (a: TransferEvent, b: TransferEvent): boolean =>
  Date.parse(a.statusChangedAt) > Date.parse(b.statusChangedAt);

/**
 * One ticket transfer, from PENDING_TRANSFER to TRANSFERRED or FAILURE_TRANSFER (SPEC §7, §8):
 * opens it in S-360 (contacts, PENDING line, the neighbour rule with the ticket's other transfers),
 * then ends at once when its line is already settled (by a newer transfer, or before: a step read
 * again); else waits for its outcome by signal, asking TIXNGO after the acceptance window and then
 * at growing intervals while it shows the transfer pending (TIXNGO decides: never cancelled on our
 * own), and settles it (contact, cultural contact, line). Events may come late, twice or out of
 * order; every step is idempotent. Of contradictory outcomes of one transfer (TRANSFERRED and
 * FAILURE_TRANSFER/FAILURE), the first seen settles the line (SPEC §8: settled once, on TIXNGO's
 * word); each other is a warning in the result and the worker log, never dropped silently.
 */
export async function transferWorkflow(input: TransferWorkflowInput): Promise<TransferResult> {
  const { event: first } = input;
  const { openTransfer, closeTransfer } = localActivities;
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
    // The first outcome seen settles the transfer; a later, different one cannot move the line back
    // (SPEC §8: a line is settled once, on TIXNGO's word), so it is reported, never dropped silently.
    if (status && !outcome) outcome = { status, by: 'event', event };
    else if (status && outcome?.by === 'event' && outcome.status !== status) {
      warn(
        `TIXNGO's ${event.status} at ${event.statusChangedAt} contradicts ${outcome.event.status} at ` +
          `${outcome.event.statusChangedAt} of the same transfer of ticket ${first.ticketId}: the first ` +
          `outcome settles its distribution line (a line never goes back, SPEC §8); check the ticket`,
      );
    }
  };
  // Handlers never throw (issue 13): a payload of another shape is refused with a warning in the
  // result, the `state` query and the worker log (listed only once there is one).
  let warnings: RunWarnings | undefined;
  const warn = (text: string): void => {
    warnings ??= new RunWarnings((result.warnings = []));
    warnings.add(text, { organizerId: first.organizerId, ticketId: first.ticketId });
  };
  // Steps handed on by signalWithStart (src/activities/handOffTransferSteps.ts): a workflow it
  // started has them in its input too, and a retried hand-off sends them again, so a step identical
  // to one already considered (same status and statusChangedAt) is skipped, counted once.
  const stepKey = (event: TransferEvent): string => `${event.status}\u0000${event.statusChangedAt}`;
  const seen = new Set([first, ...(input.laterSteps ?? [])].map(stepKey));
  setHandler(transferEventSignal, (payload: unknown) => {
    const checked = checkTransferEvent(payload, first);
    if (!checked.ok) return warn(checked.warning);
    seen.add(stepKey(checked.value));
    events += 1;
    result.events = events;
    consider(checked.value);
  });
  setHandler(transferStepsSignal, (payload: unknown) => {
    const checked = checkTransferSteps(payload, first);
    checked.warnings.forEach(warn);
    for (const step of checked.steps) {
      if (seen.has(stepKey(step))) continue;
      seen.add(stepKey(step));
      events += 1;
      result.events = events;
      consider(step);
    }
  });
  setHandler(transferSupersededSignal, (payload: unknown) => {
    const checked = checkSuperseded(payload);
    if (!checked.ok) return warn(checked.warning);
    outcome ??= { status: checked.value.status, by: 'newer-transfer', event: latest };
  });
  // A signal of another name is not dropped silently: a warning names it (never its payload).
  setDefaultSignalHandler((signalName: string) =>
    warn(
      unknownSignalWarning(signalName, [
        transferEventSignal.name,
        transferStepsSignal.name,
        transferSupersededSignal.name,
      ]),
    ),
  );
  setHandler(transferStateQuery, () => result);
  consider(first);
  for (const step of input.laterSteps ?? []) {
    events += 1;
    result.events = events;
    consider(step);
  }

  let line = input.waiting;
  if (!line) {
    const opened = await surfacingFailures(() => openTransfer({ event: first }));
    for (const older of opened.superseded) {
      const id = transferWorkflowId(first.organizerId, first.ticketId, older.transferKey);
      await getExternalWorkflowHandle(id)
        .signal(transferSupersededSignal, { byTransferKey: first.transferKey, status: older.status })
        .catch(() => undefined); // it already ended: S-360 is settled either way
    }
    if (opened.lineStatus !== 'PENDING') {
      // Settled already: by a newer transfer of the ticket, or before this run (a step read again).
      const settledBy = opened.supersededBy ? 'newer-transfer' : 'already-settled';
      const known = outcome?.by === 'event' ? outcome : undefined;
      // TIXNGO's word on the acceptance, when known, still completes the recipient's temporary contact.
      return close(
        opened,
        known?.status === 'CONFIRMED' && opened.lineStatus === 'CONFIRMED' ? known : undefined,
        {
          status: opened.lineStatus,
          by: settledBy,
        },
      );
    }
    line = { lineId: opened.lineId, recipientContactId: opened.recipientContactId, asked: 0 };
  }
  result.lineId = line.lineId;
  result.recipientContactId = line.recipientContactId;
  if (input.waiting) result.reconciliations = input.waiting.asked;

  // Wait for the outcome; past the acceptance window, ask TIXNGO, again at growing intervals.
  const waiting = line;
  const settled =
    outcome ??
    (await waitForOutcome(
      input,
      waiting,
      result,
      () => outcome,
      () => latest,
      warn,
    ));
  if (settled.by === 'newer-transfer') {
    result.distribution = settled.status;
    result.settledBy = settled.by;
    return finish(result);
  }
  return close(waiting, settled, undefined);

  /** Settles the line with `settled` (closeTransfer), or reports `already` when there is nothing to write. */
  async function close(
    opened: { lineId: number; recipientContactId: number },
    settled: Outcome | undefined,
    already: { status: FinalDistributionStatus; by: SettledBy } | undefined,
  ): Promise<TransferResult> {
    result.lineId = opened.lineId;
    result.recipientContactId = opened.recipientContactId;
    if (!settled) {
      result.distribution = already?.status ?? 'PENDING';
      result.settledBy = already?.by;
      return finish(result);
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
      closed.line === 'conflict'
        ? closed.status === 'CONFIRMED'
          ? 'CANCELLED'
          : 'CONFIRMED'
        : closed.status;
    result.settledBy = already?.by ?? settled.by;
    result.contact = closed.contact;
    result.line = closed.line;
    return finish(result);
  }
}

interface Outcome {
  status: FinalDistributionStatus;
  by: SettledBy;
  event: TransferEvent;
}

/**
 * Waits for the outcome (a signal) for reconcileDelayMs, then asks TIXNGO, again and again while it
 * shows the transfer pending (issue 14: TIXNGO decides). A wait costs a timer; when the history has
 * grown, continues as new with the opened line, the question count and the latest step. A state
 * TIXNGO sends that does not validate decides nothing either: the transfer stays PENDING, asked
 * again, with a warning (`warn`) each time the problem changes.
 */
async function waitForOutcome(
  input: TransferWorkflowInput,
  line: { lineId: number; recipientContactId: number; asked: number },
  result: TransferResult,
  current: () => Outcome | undefined,
  latest: () => TransferEvent,
  warn: (text: string) => void,
): Promise<Outcome> {
  const { event: first } = input;
  let lastWarning: string | undefined;
  for (let asked = line.asked; ; asked += 1) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > WAITING_HISTORY_LIMIT) {
      const last = latest();
      await continueAsNew<typeof transferWorkflow>({
        event: first,
        acceptanceWindowMs: input.acceptanceWindowMs,
        laterSteps: last === first ? [] : [last],
        waiting: { ...line, asked },
      });
    }
    await condition(() => current() !== undefined, reconcileDelayMs(asked, input.acceptanceWindowMs));
    const signalled = current();
    if (signalled) return signalled;
    const reconciled = await surfacingFailures(() =>
      localActivities.reconcileTransfer({
        organizerId: first.organizerId,
        ticketId: first.ticketId,
        transferKey: first.transferKey,
        recipientEmail: first.recipientEmail,
      }),
    );
    result.reconciliations = asked + 1;
    if (reconciled.warning !== undefined && reconciled.warning !== lastWarning) warn(reconciled.warning);
    lastWarning = reconciled.warning;
    const meanwhile = current();
    if (meanwhile) return meanwhile;
    if (reconciled.status !== 'PENDING') {
      const event = reconciled.event ? { ...reconciled.event, senderEmail: first.senderEmail } : latest();
      return { status: reconciled.status, by: 'reconciliation', event };
    }
  }
}

/**
 * Keeps the TransferStatus search attribute current, on workflows started with it (the hand-off
 * sets it), skipping the visibility write when it already holds the final status.
 */
function finish(result: TransferResult): TransferResult {
  const shown = workflowInfo().typedSearchAttributes.get(TRANSFER_STATUS);
  if (shown !== undefined && shown !== result.status) {
    upsertSearchAttributes([{ key: TRANSFER_STATUS, value: result.status }]);
  }
  return result;
}
