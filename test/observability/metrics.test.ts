import { runOnce } from '../../src/client/runOnce';
import { createFeedbackMetrics } from '../../src/observability/metrics';
import { startMetricsServer, type MetricsServer } from '../../src/observability/metricsServer';
import { startTestStack, type TestStack } from '../support/stack';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();

/** The value of one sample in Prometheus text format, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('worker metrics on /metrics', () => {
  let stack: TestStack;
  let server: MetricsServer;
  const metrics = createFeedbackMetrics();

  beforeAll(async () => {
    stack = await startTestStack('metrics', {}, { metrics });
    server = await startMetricsServer({ registry: metrics.registry });
  });

  afterAll(async () => {
    await server.close();
    await stack.stop();
  });

  it('counts pages, items by outcome, transfer steps and the lag behind TIXNGO after a run', async () => {
    const org = stack.organizerId;
    stack.tixngo.changes.append(
      { ticketId: 'M-1', taxNumber: '7001', status: 'DOWNLOADED', statusChangedAt: at(0) },
      { ticketId: 'M-2', taxNumber: '7002', status: 'NOT_A_STATUS', statusChangedAt: at(1) },
      {
        ticketId: 'M-3',
        taxNumber: '7003',
        status: 'PENDING_TRANSFER',
        statusChangedAt: at(2),
        spectatorDetails: { email: 'sender@example.org' },
        transfer: { id: 'TR-M-3', senderEmail: 'sender@example.org', recipientEmail: 'to@example.org' },
      },
    );
    const result = await runOnce(stack.client, { organizerId: org, taskQueue: stack.taskQueue });
    expect(result.applied).toBe(2);

    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const text = await response.text();
    // The page of 3 items, then the empty page after it: a short page is not the end (issue 13 item 6).
    expect(sample(text, 'tixngo_feedback_pages_total', `organizer="${org}",source="tixngo"`)).toBe(2);
    expect(sample(text, 'tixngo_feedback_items_total', `organizer="${org}",outcome="applied"`)).toBe(2);
    expect(sample(text, 'tixngo_feedback_items_total', `organizer="${org}",outcome="rejected"`)).toBe(1);
    expect(
      sample(text, 'tixngo_feedback_transfer_steps_total', `organizer="${org}",status="PENDING_TRANSFER"`),
    ).toBe(1);
    expect(sample(text, 'tixngo_feedback_lag_seconds_count', `organizer="${org}"`)).toBe(2);
    // Labels are organizer ids and statuses: no ticket, no person.
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('M-1');
  });
});
