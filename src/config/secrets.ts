import { envName } from '../domain/organizer';

/** Reads secrets by variable name; the worker's environment by default. */
export type SecretSource = (variable: string) => string | undefined;
export const environmentSecrets: SecretSource = (variable) => process.env[variable];

export class MissingSecretError extends Error {
  override name = 'MissingSecretError';
}

export const tixngoKeyVariable = (organizerId: string): string => `TIXNGO_API_KEY__${envName(organizerId)}`;
export const s360KeyVariable = (organizerId: string): string => `S360_API_KEY__${envName(organizerId)}`;

export function requireSecret(secrets: SecretSource, variable: string, what: string): string {
  const value = secrets(variable);
  if (!value)
    throw new MissingSecretError(`${what} is not set: define ${variable} in the worker's environment.`);
  return value;
}
