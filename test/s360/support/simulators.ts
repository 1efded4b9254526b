import axios, { type AxiosInstance } from 'axios';
import { createHttpS360Gateway } from '../../../src/s360/httpGateway';
import type { S360Gateway } from '../../../src/s360/gateway';
import { startS360Simulator, type S360Simulator } from '../../../src/sim/s360/server';
import { testEnv, uniqueSuffix } from '../../support/env';

/** The two stores every contract test runs on. */
export const STORES = [
  ['PostgreSQL', 'postgresql'],
  ['embedded PGlite', 'embedded'],
] as const;
export type StoreKind = (typeof STORES)[number][1];

export interface SimulatedS360 {
  organizerId: string;
  apiKey: string;
  sim: S360Simulator;
  /** The adapter under test, as the activities use it. */
  s360: S360Gateway;
  /** Raw HTTP with the right key, to send what the adapter never would. */
  raw: AxiosInstance;
  stop(): Promise<void>;
}

/** A simulator of its own (own schema, own key) on the given store, and the adapter pointed at it. */
export async function startSimulatedS360(name: string, store: StoreKind): Promise<SimulatedS360> {
  const suffix = uniqueSuffix();
  const organizerId = `${name}-${suffix}`;
  const apiKey = `s360-secret-${suffix}`;
  const sim = await startS360Simulator({
    databaseUrl: store === 'postgresql' ? testEnv('DATABASE_URL') : undefined,
    schema: `s360_${name.replace(/[^a-z0-9]/g, '_')}_${suffix}`,
    apiKeys: [apiKey],
  });
  return {
    organizerId,
    apiKey,
    sim,
    s360: createHttpS360Gateway({ organizerId, baseUrl: sim.url, apiKey, timeoutMs: 10_000 }),
    raw: axios.create({
      baseURL: sim.url,
      headers: { authorization: `Bearer ${apiKey}` },
      validateStatus: () => true,
    }),
    stop: () => sim.close({ dropSchema: true }),
  };
}

/** A distinct e-mail per test, so tests sharing a simulator never see each other's contacts. */
export const emailFor = (who: string): string => `${who}.${uniqueSuffix()}@example.test`;

export const at = (minute: number, second = 0): string =>
  new Date(Date.UTC(2026, 10, 23, 9, minute, second)).toISOString();
