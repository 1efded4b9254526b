import { envName } from '../domain/organizer';

/**
 * Reads secrets by variable name (`TIXNGO_API_KEY__<ORG>`, `S360_API_KEY__<ORG>`): the worker's
 * environment by default, a secrets directory too when configured (src/config/secretsDirectory.ts).
 */
export interface SecretSource {
  (variable: string): string | undefined;
  /** Where an operator defines `variable` for this source, for a missing secret's message. */
  where?: (variable: string) => string;
}
export const environmentSecrets: SecretSource = (variable) => process.env[variable];

export class MissingSecretError extends Error {
  override name = 'MissingSecretError';
}

export const tixngoKeyVariable = (organizerId: string): string => `TIXNGO_API_KEY__${envName(organizerId)}`;
export const s360KeyVariable = (organizerId: string): string => `S360_API_KEY__${envName(organizerId)}`;

export function requireSecret(secrets: SecretSource, variable: string, what: string): string {
  let value: string | undefined;
  try {
    value = secrets(variable);
  } catch (error) {
    // A secrets directory's file that cannot be used: configuration, which retrying cannot fix.
    throw new MissingSecretError(
      `${what} cannot be read: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (!value)
    throw new MissingSecretError(
      `${what} is not set: define ${variable} ${secrets.where?.(variable) ?? "in the worker's environment"}.`,
    );
  return value;
}
