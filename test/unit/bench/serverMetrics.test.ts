/**
 * The bench's reading of the Temporal server's Prometheus counters (one piece, no server).
 */
import { counterDelta, parseServerCounters } from '../../../bench/serverMetrics';

const exposition = (actions: number, updates: number, reads: number): string =>
  [
    '# HELP action action counter',
    '# TYPE action counter',
    `action{namespace="default",operation="StartWorkflowExecution",service_name="frontend"} ${actions - 1}`,
    `action{namespace="default",operation="SignalWorkflowExecution",service_name="frontend"} 1`,
    `action{namespace="default",operation="RespondWorkflowTaskCompleted",service_name="history"} 99`,
    `persistence_requests{operation="UpdateWorkflowExecution",service_name="history"} ${updates}`,
    `persistence_requests{operation="GetWorkflowExecution",service_name="history"} ${reads}`,
    `persistence_requests_bucket{operation="UpdateWorkflowExecution",le="0.01"} 5`,
  ].join('\n');

describe('server counters', () => {
  it('sums the frontend action counter and persistence requests by operation', () => {
    expect(parseServerCounters(exposition(10, 7, 3))).toEqual({
      actions: 10,
      persistence: { UpdateWorkflowExecution: 7, GetWorkflowExecution: 3 },
    });
  });

  it('tells writes from reads in the difference of two readings', () => {
    const delta = counterDelta(
      parseServerCounters(exposition(10, 7, 3)),
      parseServerCounters(exposition(25, 17, 8)),
    );
    expect(delta).toEqual({
      actions: 15,
      persistenceRequests: 15,
      persistenceWrites: 10,
      topWrites: { UpdateWorkflowExecution: 10 },
    });
  });
});
