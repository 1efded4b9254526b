import { createDiffClient, type DiffClient, type DiffClientOptions } from '../../src/tixngo/diffClient';
import type { FaultPlanInput } from '../../src/sim/tixngo/faults';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';

/** A distinctive key: if it shows up anywhere it should not, the tests see it. */
export const API_KEY = 'tx-SECRET-7f3a9c1e-key-must-never-leak';

export interface Harness {
  sim: TixngoSimulator;
  client: DiffClient;
  /** Delays the client asked to wait between attempts (it does not really wait). */
  sleeps: number[];
  clientWith(overrides: Partial<DiffClientOptions>): DiffClient;
}

export async function startHarness(
  settings: {
    faults?: FaultPlanInput;
    simulator?: { apiKey?: string; authHeader?: string; diffPath?: string; ticketPath?: string };
    client?: Partial<DiffClientOptions>;
  } = {},
): Promise<Harness> {
  const sim = await startTixngoSimulator({ apiKey: API_KEY, faults: settings.faults, ...settings.simulator });
  const sleeps: number[] = [];
  const clientWith = (overrides: Partial<DiffClientOptions>): DiffClient =>
    createDiffClient({
      organizerId: 'fifa-wc',
      baseUrl: sim.url,
      diffPath: settings.simulator?.diffPath ?? '/tickets/diff',
      authHeader: settings.simulator?.authHeader ?? 'x-tixngo-key',
      apiKey: API_KEY,
      timeoutMs: 2_000,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      ...settings.client,
      ...overrides,
    });
  return { sim, client: clientWith({}), sleeps, clientWith };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
