/**
 * How the worker and the command line reach Temporal, from the environment, in one place: a local
 * server (plain gRPC), a self-hosted cluster with mutual TLS, or Temporal Cloud with an API key.
 * Errors name the variable, never its value.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

export class TemporalConfigError extends Error {
  override name = 'TemporalConfigError';
}

export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  /** Mutual TLS or server-verified TLS; undefined: plaintext (a local server). */
  tls?: TLSConfig | true;
  /** Temporal Cloud API key (sent as a bearer token; implies TLS). */
  apiKey?: string;
}

export const TEMPORAL_VARIABLES = {
  TEMPORAL_ADDRESS: 'Temporal frontend host:port (default 127.0.0.1:7233)',
  TEMPORAL_NAMESPACE: 'namespace (default "default"; Temporal Cloud: <namespace>.<account>)',
  TEMPORAL_TLS_CERT: 'client certificate file (PEM) for mutual TLS; needs TEMPORAL_TLS_KEY',
  TEMPORAL_TLS_KEY: 'client private key file (PEM) for mutual TLS',
  TEMPORAL_TLS_CA: "CA certificate file (PEM) to verify the server (default: the system's CAs)",
  TEMPORAL_TLS_SERVER_NAME: 'server name to verify, when it differs from the address host',
  TEMPORAL_TLS:
    '"true" turns TLS on without client certificates (set automatically with a key or an API key)',
  TEMPORAL_API_KEY: 'Temporal Cloud API key (turns TLS on)',
} as const;

/** The variables as `--help` lines. */
export function temporalVariablesHelp(indent = '  '): string {
  return Object.entries(TEMPORAL_VARIABLES)
    .map(([name, meaning]) => `${indent}${name.padEnd(26)}${meaning}`)
    .join('\n');
}

const optional = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const TemporalEnv = z.object({
  TEMPORAL_ADDRESS: optional.pipe(
    z
      .string()
      .regex(/^[^\s:/]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/, 'must be host:port, e.g. 127.0.0.1:7233')
      .optional(),
  ),
  TEMPORAL_NAMESPACE: optional,
  TEMPORAL_TLS_CERT: optional,
  TEMPORAL_TLS_KEY: optional,
  TEMPORAL_TLS_CA: optional,
  TEMPORAL_TLS_SERVER_NAME: optional,
  TEMPORAL_TLS: optional.pipe(z.enum(['true', 'false']).optional()),
  TEMPORAL_API_KEY: optional,
});

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TemporalConfigError(`${variable} names a file that cannot be read (${file}: ${code}).`);
  }
}

/** Reads and checks the Temporal connection variables (see TEMPORAL_VARIABLES). */
export function temporalConnectionFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConnectionSettings {
  const parsed = TemporalEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'TEMPORAL_*');
    throw new TemporalConfigError(`${variable} is invalid: ${issue?.message ?? 'bad value'}.`);
  }
  const vars = parsed.data;
  if (Boolean(vars.TEMPORAL_TLS_CERT) !== Boolean(vars.TEMPORAL_TLS_KEY)) {
    const missing = vars.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
    throw new TemporalConfigError(
      `${missing} is not set: mutual TLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY.`,
    );
  }
  if (
    vars.TEMPORAL_TLS === 'false' &&
    (vars.TEMPORAL_TLS_CERT || vars.TEMPORAL_API_KEY || vars.TEMPORAL_TLS_CA)
  ) {
    throw new TemporalConfigError(
      'TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CERT / TEMPORAL_TLS_CA / TEMPORAL_API_KEY, which need TLS.',
    );
  }
  const wantsTls =
    vars.TEMPORAL_TLS === 'true' ||
    Boolean(
      vars.TEMPORAL_TLS_CERT ||
      vars.TEMPORAL_TLS_CA ||
      vars.TEMPORAL_TLS_SERVER_NAME ||
      vars.TEMPORAL_API_KEY,
    );
  let tls: TLSConfig | true | undefined;
  if (wantsTls) {
    const config: TLSConfig = {};
    if (vars.TEMPORAL_TLS_CERT && vars.TEMPORAL_TLS_KEY) {
      config.clientCertPair = {
        crt: readPem('TEMPORAL_TLS_CERT', vars.TEMPORAL_TLS_CERT),
        key: readPem('TEMPORAL_TLS_KEY', vars.TEMPORAL_TLS_KEY),
      };
    }
    if (vars.TEMPORAL_TLS_CA)
      config.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', vars.TEMPORAL_TLS_CA);
    if (vars.TEMPORAL_TLS_SERVER_NAME) config.serverNameOverride = vars.TEMPORAL_TLS_SERVER_NAME;
    tls = Object.keys(config).length > 0 ? config : true;
  }
  return {
    address: vars.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: vars.TEMPORAL_NAMESPACE ?? 'default',
    ...(tls ? { tls } : {}),
    ...(vars.TEMPORAL_API_KEY ? { apiKey: vars.TEMPORAL_API_KEY } : {}),
  };
}

/** Connection options for Connection.connect / NativeConnection.connect. */
export function connectionOptions(settings: TemporalConnectionSettings): {
  address: string;
  tls?: TLSConfig | true;
  apiKey?: string;
} {
  return {
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

/** How the connection is secured, for a start-up line (no secret). */
export function describeConnection(settings: TemporalConnectionSettings): string {
  const security = settings.apiKey
    ? 'TLS + API key'
    : settings.tls && settings.tls !== true && settings.tls.clientCertPair
      ? 'mutual TLS'
      : settings.tls
        ? 'TLS'
        : 'plaintext';
  return `${settings.address}, namespace "${settings.namespace}", ${security}`;
}

/**
 * The error for a Temporal that cannot be reached (the CLI's and the worker's): the address, the
 * transport's reason, and the variables to check. `error` stays its cause.
 */
export function unreachableTemporalError(address: string, error: unknown): Error {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 300);
  return new Error(
    `Cannot reach Temporal at ${address} (${reason}). ` +
      'Set TEMPORAL_ADDRESS (and TEMPORAL_TLS_* or TEMPORAL_API_KEY for a secured cluster), or start a local server with `npm start`.',
    { cause: error },
  );
}
