import axios, { type AxiosInstance } from 'axios';
import type { FaultName, FaultPlan, FaultPlanInput } from './faults';
import type { GenerateOptions } from './generator';
import type { ScenarioName, ScenarioOptions } from './scenarios';
import type { SimulatorStats } from './server';

/**
 * Drives a TIXNGO simulator running in another process (the demo, the benchmark) through its
 * /__sim HTTP control.
 */
export interface SimulatorControl {
  appendChanges(changes: unknown[]): Promise<{ size: number }>;
  playScenario(name: ScenarioName, options?: ScenarioOptions): Promise<{ added: number; size: number }>;
  generate(
    options: GenerateOptions,
  ): Promise<{ changes: number; tickets: number; transfers: number; size: number }>;
  setFaults(plan: FaultPlanInput): Promise<FaultPlan>;
  queueFaults(faults: FaultName[]): Promise<FaultName[]>;
  clearFaults(): Promise<void>;
  stats(): Promise<SimulatorStats>;
  reset(): Promise<void>;
}

export function simulatorControl(url: string, timeoutMs = 30_000): SimulatorControl {
  const http: AxiosInstance = axios.create({ baseURL: `${url}/__sim`, timeout: timeoutMs });
  const call = async <T>(run: () => Promise<{ data: T }>, what: string): Promise<T> => {
    try {
      return (await run()).data;
    } catch (error) {
      const message = axios.isAxiosError(error)
        ? ((error.response?.data as { message?: string } | undefined)?.message ?? error.code ?? error.message)
        : String(error);
      throw new Error(`TIXNGO simulator ${what} failed: ${message}`, { cause: error });
    }
  };
  return {
    appendChanges: (changes) => call(() => http.post('/changes', { changes }), 'append'),
    playScenario: (name, options = {}) =>
      call(() => http.post('/scenario', { name, ...options }), 'scenario'),
    generate: (options) => call(() => http.post('/generate', options), 'generate'),
    setFaults: async (plan) =>
      (await call(() => http.put<{ plan: FaultPlan }>('/faults', plan), 'set faults')).plan,
    queueFaults: async (faults) =>
      (await call(() => http.post<{ queued: FaultName[] }>('/faults/next', { faults }), 'queue faults'))
        .queued,
    clearFaults: async () => void (await call(() => http.delete('/faults'), 'clear faults')),
    stats: () => call(() => http.get<SimulatorStats>('/stats'), 'stats'),
    reset: async () => void (await call(() => http.post('/reset', {}), 'reset')),
  };
}
