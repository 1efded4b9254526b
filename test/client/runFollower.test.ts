/**
 * The demo's run follower (issue 15 item 5) on a real Temporal server: a run whose workflow task
 * fails again and again is reported stuck once, with its decoded failure; a terminated run is
 * reported with its reason.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { followRuns, STUCK_ATTEMPTS, type RunEvent } from '../../src/client/runFollower';
import { encryptingDataConverter } from '../../src/codec/dataConverter';
import { parseCodecKeys } from '../../src/codec/keys';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { eventually } from '../support/env';
import { stacksStoppedAfterAll } from '../support/stack';

const stackFor = stacksStoppedAfterAll();

it('a workflow task failing again and again: one stuck event with its decoded failure; then terminated, with the reason', async () => {
  const stack = await stackFor('follow-wft');
  const { organizerId, client, taskQueue } = stack;
  const events: RunEvent[] = [];
  const follower = followRuns(client, organizerId, (event) => events.push(event), 300);
  try {
    // A client whose payloads the worker cannot decrypt (a key rotated on one side only).
    const foreign = new Client({
      connection: client.connection,
      dataConverter: encryptingDataConverter(parseCodecKeys(`foreign:${randomBytes(32).toString('base64')}`)),
    });
    const workflowId = feedbackWorkflowId(organizerId);
    const { firstExecutionRunId: runId } = await foreign.workflow.start('feedbackWorkflow', {
      workflowId,
      taskQueue,
      args: [{ organizerId }],
    });

    const stuck = await eventually(
      async () => events.find((event) => event.kind === 'stuck'),
      'a stuck event',
      { timeoutMs: 90_000 },
    );
    expect(stuck).toEqual(
      expect.objectContaining({
        kind: 'stuck',
        runId,
        what: 'workflow task',
        lastFailure: expect.stringContaining('foreign'),
      }),
    );
    expect(stuck.kind === 'stuck' && stuck.attempt).toBeGreaterThanOrEqual(STUCK_ATTEMPTS);
    // Still one, once the task has failed again (the follower polled meanwhile).
    await eventually(
      async () => {
        const description = await client.workflow.getHandle(workflowId).describe();
        return (description.raw.pendingWorkflowTask?.attempt ?? 0) >
          (stuck.kind === 'stuck' ? stuck.attempt : 0)
          ? true
          : undefined;
      },
      'the workflow task to fail once more',
      { timeoutMs: 90_000, intervalMs: 300 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a few more polls of the follower
    expect(events.filter((event) => event.kind === 'stuck')).toHaveLength(1);

    await client.workflow.getHandle(workflowId).terminate('test finished');
    const closed = await eventually(
      async () => events.find((event) => event.kind === 'not-completed'),
      'the terminated run',
    );
    expect(closed).toEqual(
      expect.objectContaining({
        kind: 'not-completed',
        runId,
        outcome: 'terminated',
        reason: 'test finished',
      }),
    );
  } finally {
    follower.stop();
  }
}, 200_000);
