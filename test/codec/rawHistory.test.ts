/**
 * Data protection, proven on the real dev server: spectator data and API keys never reach Temporal in
 * plaintext. Histories are read raw (a client without the codec, and `temporal workflow show`), as
 * anyone with access to the Temporal database, the Web UI without the codec, or a backup would see them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { runOnce } from '../../src/client/runOnce';
import { startCodecServer } from '../../src/codec/codecServer';
import { payloadCodecFor } from '../../src/codec/dataConverter';
import { codecSettingFromEnv } from '../../src/codec/keys';
import { feedbackWorkflowId, transferWorkflowId } from '../../src/workflows/ids';
import type { TransferResult } from '../../src/workflows/transferDefinitions';
import { eventually, testEnv, uniqueSuffix } from '../support/env';
import { plaintextFound } from '../support/plaintextScan';
import { startTestStack, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';
import { transferKeyFor } from '../support/transfers';

const run = promisify(execFile);

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

const suffix = uniqueSuffix();
const owner = {
  title: 'Ms',
  firstName: 'Philomena',
  lastName: 'Wartensleben-Oberholz',
  dateOfBirth: '1987-06-05',
  email: `philomena.wartensleben.${suffix}@spectator.example`,
  idCardNumber: `CHE-ID-${suffix}-7731`,
  phoneNumber: '+41 79 417 28 93',
  nationality: 'CH',
};
const holder = {
  firstName: 'Bartholomeus',
  lastName: 'Quackenbosch',
  email: `b.quackenbosch.${suffix}@spectator.example`,
  idCardNumber: `NLD-PP-${suffix}-0042`,
};
/** The spectator of the rejected item: their raw item lands in the run result. */
const rejectedSpectator = {
  firstName: 'Eulalia',
  lastName: 'Fitzgibbon-Ravensworth',
  email: `eulalia.fitzgibbon.${suffix}@spectator.example`,
  idCardNumber: `GBR-ID-${suffix}-5521`,
  phoneNumber: '+44 7700 900 461',
};
const recipient = {
  firstName: 'Casimir',
  lastName: 'Lindqvist-Hagelberg',
  email: `casimir.lindqvist.${suffix}@spectator.example`,
  idCardNumber: `SWE-ID-${suffix}-8810`,
  phoneNumber: '+46 70 123 98 76',
};
const transfer = {
  senderEmail: owner.email,
  recipientEmail: recipient.email,
  initiatedAt: '2026-11-23T09:10:00Z',
};

const personalData = [owner, holder, rejectedSpectator, recipient].flatMap((person) =>
  Object.entries(person)
    .filter(([field]) => !['title', 'nationality'].includes(field))
    .map(([, value]) => value),
);

/** A client with no codec: what the server hands to anyone who asks. */
const rawHistoryJson = async (client: Client, workflowId: string, runId?: string): Promise<unknown> => {
  const raw = new Client({ connection: client.connection, namespace: client.options.namespace });
  return JSON.parse(historyToJSON(await raw.workflow.getHandle(workflowId, runId).fetchHistory()));
};

const temporalShow = async (workflowId: string, runId: string, ...extra: string[]): Promise<unknown> => {
  const { stdout } = await run(
    testEnv('TEMPORAL_CLI'),
    [
      'workflow',
      'show',
      '--output',
      'json',
      '--address',
      testEnv('TEMPORAL_ADDRESS'),
      '--workflow-id',
      workflowId,
      '--run-id',
      runId,
      ...extra,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
};

describe('no personal data or API key in plaintext in Temporal with the codec on', () => {
  it('the scan sees through base64: a plaintext history is caught', () => {
    const history = temporal.api.history.v1.History.create({
      events: [
        {
          eventType: temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          workflowExecutionCompletedEventAttributes: {
            result: { payloads: [defaultPayloadConverter.toPayload({ rejected: [{ raw: owner.email }] })] },
          },
        },
      ],
    });
    expect(plaintextFound(JSON.parse(historyToJSON(history)), personalData)).toContain(owner.email);
  });

  it('runs with spectator details, a rejected item and a transfer leave only ciphertext in the histories', async () => {
    const stack = await startTestStack('raw-history');
    stacks.push(stack);
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    stack.tixngo.changes.append(
      ticket('T-1', 'DOWNLOADED', 0, { spectatorDetails: owner, holder }),
      ticket('T-2', 'TELEPORTED', 1, { spectatorDetails: rejectedSpectator }),
      ticket('T-3', 'PENDING_TRANSFER', 2, { transfer, spectatorDetails: owner }),
    );
    const first = await runOnce(stack.client, options);
    stack.tixngo.changes.append(ticket('T-3', 'TRANSFERRED', 3, { transfer, spectatorDetails: recipient }));
    const second = await runOnce(stack.client, options);
    const transferId = transferWorkflowId(
      stack.organizerId,
      'T-3',
      transferKeyFor(stack.organizerId, 'T-3', transfer),
    );
    const transferResult = (await stack.client.workflow.getHandle(transferId).result()) as TransferResult;

    // With the codec, everything reads back as it was.
    expect([first.applied, first.rejected, first.transfers]).toEqual([2, 1, 1]);
    expect(second.openRejections).toEqual([
      expect.objectContaining({
        ticketId: 'T-2',
        path: 'status',
        raw: expect.stringContaining(rejectedSpectator.email),
      }),
    ]);
    expect(second.openRejections[0]?.raw).toContain(rejectedSpectator.idCardNumber);
    expect(transferResult).toEqual(expect.objectContaining({ ticketId: 'T-3', status: 'TRANSFERRED' }));

    // Without it: every execution of the organizer (both runs and the transfer, started by the
    // runs' hand-off activity with the worker's client), read raw.
    const executions = await eventually(async () => {
      const found: { workflowId: string; runId: string }[] = [];
      for await (const execution of stack.client.workflow.list({
        query: `TaskQueue = '${stack.taskQueue}'`,
      })) {
        if (execution.status.name !== 'RUNNING')
          found.push({ workflowId: execution.workflowId, runId: execution.runId });
      }
      return found.length >= 3 ? found : undefined;
    }, 'both feedback runs and the transfer workflow listed as closed');
    expect(executions.map(({ workflowId }) => workflowId).sort()).toEqual(
      [feedbackWorkflowId(stack.organizerId), feedbackWorkflowId(stack.organizerId), transferId].sort(),
    );
    const secrets = [stack.apiKeys.tixngo, stack.apiKeys.s360];
    for (const execution of executions) {
      const history = await rawHistoryJson(stack.client, execution.workflowId, execution.runId);
      expect({ ...execution, found: plaintextFound(history, [...personalData, ...secrets]) }).toEqual({
        ...execution,
        found: [],
      });
      expect(JSON.stringify(history)).toContain(Buffer.from('binary/encrypted').toString('base64'));
    }

    // The hand-off activity's client encodes like the worker: the transfer's start input and the
    // steps signalled to it by signalWithStart (the second run's TRANSFERRED) are ciphertext.
    const transferEvents =
      (
        await new Client({
          connection: stack.client.connection,
          namespace: stack.client.options.namespace,
        }).workflow
          .getHandle(transferId)
          .fetchHistory()
      ).events ?? [];
    const encodings = (payloads: { metadata?: Record<string, Uint8Array> | null }[] | null | undefined) =>
      (payloads ?? []).map((payload) =>
        Buffer.from(payload.metadata?.encoding ?? new Uint8Array()).toString(),
      );
    const started = transferEvents.find((event) => event.workflowExecutionStartedEventAttributes);
    const signalled = transferEvents.filter((event) => event.workflowExecutionSignaledEventAttributes);
    expect(encodings(started?.workflowExecutionStartedEventAttributes?.input?.payloads)).toEqual([
      'binary/encrypted',
    ]);
    expect(signalled.map((event) => event.workflowExecutionSignaledEventAttributes?.signalName)).toEqual([
      'transferSteps',
    ]);
    expect(encodings(signalled[0]?.workflowExecutionSignaledEventAttributes?.input?.payloads)).toEqual([
      'binary/encrypted',
    ]);

    // The same through the official CLI: ciphertext without the codec server, plaintext with it.
    const feedbackRuns = executions.filter(
      (execution) => execution.workflowId === feedbackWorkflowId(stack.organizerId),
    );
    const codecSetting = codecSettingFromEnv();
    const codecServer = await startCodecServer({ codec: payloadCodecFor(codecSetting), allowedOrigins: [] });
    try {
      for (const { workflowId, runId } of feedbackRuns) {
        expect(plaintextFound(await temporalShow(workflowId, runId), [...personalData, ...secrets])).toEqual(
          [],
        );
        const decoded = await temporalShow(workflowId, runId, '--codec-endpoint', codecServer.url);
        expect(plaintextFound(decoded, [rejectedSpectator.email])).toEqual([rejectedSpectator.email]);
      }
    } finally {
      await codecServer.close();
    }
  });

  it('a failure message is encrypted too (encoded failure attributes), and decodes for the client', async () => {
    const marker = `Zanzibar${suffix}Quill`;
    const stack = await startTestStack('raw-failure', {
      customParameters: `doContinueInCaseOfSyncError=${marker}`,
    });
    stacks.push(stack);
    const failure = await runOnce(stack.client, {
      organizerId: stack.organizerId,
      taskQueue: stack.taskQueue,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect([(cause as ApplicationFailure).type, (cause as ApplicationFailure).message]).toEqual([
      'ConfigError',
      expect.stringContaining(marker),
    ]);

    const history = await rawHistoryJson(stack.client, feedbackWorkflowId(stack.organizerId));
    const text = JSON.stringify(history);
    expect(text).toContain('EVENT_TYPE_ACTIVITY_TASK_FAILED');
    expect(text).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
    expect(text.match(/"message":"Encoded failure"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(plaintextFound(history, [marker, stack.apiKeys.tixngo, stack.apiKeys.s360])).toEqual([]);
  });
});
