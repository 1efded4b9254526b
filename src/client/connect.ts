import { Client, Connection } from '@temporalio/client';
import { dataConverterFromEnv } from '../codec/dataConverter';
import {
  connectionOptions,
  temporalConnectionFromEnv,
  unreachableTemporalError,
  type TemporalConnectionSettings,
} from './temporalConnection';

export type TemporalTarget = TemporalConnectionSettings;

/**
 * Where the command line talks to Temporal: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the TLS / API key
 * variables (src/client/temporalConnection.ts), else the local dev server.
 */
export function temporalTargetFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  return temporalConnectionFromEnv(env);
}

/**
 * A client with the payload codec of this environment (TIXNGO_FEEDBACK_CODEC_KEYS, or
 * TIXNGO_FEEDBACK_CODEC=off): what it sends is encrypted, what it reads is decrypted.
 */
export async function connectClient(
  target: TemporalTarget,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ client: Client; close(): Promise<void> }> {
  const { dataConverter } = dataConverterFromEnv(env);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(target), connectTimeout: 5000 });
  } catch (error) {
    throw unreachableTemporalError(target.address, error);
  }
  return {
    client: new Client({ connection, namespace: target.namespace, dataConverter }),
    close: () => connection.close(),
  };
}

/** Connects as the environment says, lets `use` work with the client, and always closes the connection. */
export async function withClient<T>(
  use: (client: Client) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const { client, close } = await connectClient(temporalTargetFromEnv(env), env);
  try {
    return await use(client);
  } finally {
    await close();
  }
}
