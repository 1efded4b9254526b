/**
 * Organizers' API keys from a secrets directory: one file per variable, named as the variable
 * (`<dir>/TIXNGO_API_KEY__ACME` holds organizer acme's TIXNGO key), as a Kubernetes Secret volume or a
 * Docker secret mounts them. Read at every use, like the configuration file (re-read every run): an
 * organizer added to both, or a rotated key, works from its next run without restarting the workers.
 * Without TIXNGO_FEEDBACK_SECRETS_DIR the worker reads its environment only, as before.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SecretSource } from './secrets';

export const SECRETS_DIR_VARIABLE = 'TIXNGO_FEEDBACK_SECRETS_DIR';
/** A secret file larger than this is refused (an API key is far smaller): every input has a size bound. */
export const MAX_SECRET_FILE_BYTES = 4096;
/** The names a secret file may have: a variable name, so no path can leave the directory. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * A secrets directory or file that cannot be used: at start the worker stops with it; during a run,
 * requireSecret turns it into a MissingSecretError (not retried).
 */
export class SecretsDirectoryError extends Error {
  override name = 'SecretsDirectoryError';
}

export interface DirectorySecretsOptions {
  /** Called with every value read, so the logger can mask it wherever it appears. */
  onValue?: (value: string) => void;
}

/**
 * The secrets of `dir`: `<dir>/<variable>`, its content without surrounding whitespace (a trailing
 * newline is usual); undefined when the file does not exist or is blank.
 * @throws SecretsDirectoryError for a name that is not a variable name, a file over
 *   MAX_SECRET_FILE_BYTES, not a regular file (a FIFO, a device, a directory), or that cannot be read
 *   (its path and cause, never its content).
 */
export function directorySecrets(dir: string, options: DirectorySecretsOptions = {}): SecretSource {
  const fileOf = (variable: string): string => path.join(dir, variable);
  const read = (variable: string): string | undefined => {
    if (!VARIABLE_NAME.test(variable)) {
      throw new SecretsDirectoryError(
        `${JSON.stringify(variable.slice(0, 80))} is not a secret variable name`,
      );
    }
    const content = readBounded(fileOf(variable));
    const value = content?.toString('utf8').trim();
    if (!value) return undefined;
    options.onValue?.(value);
    return value;
  };
  return Object.assign(read, {
    where: (variable: string) => `in the worker's environment or as the file ${fileOf(variable)}`,
  });
}

/**
 * A regular file's first MAX_SECRET_FILE_BYTES bytes; undefined when it does not exist. Opened without
 * blocking and checked on the open descriptor, so a FIFO or a device is refused at once, never read.
 */
function readBounded(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SecretsDirectoryError(`${file} cannot be read (${code ?? 'error'})`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new SecretsDirectoryError(`${file} is not a regular file`);
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length > MAX_SECRET_FILE_BYTES) {
      throw new SecretsDirectoryError(`${file} is larger than ${MAX_SECRET_FILE_BYTES} bytes`);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof SecretsDirectoryError) throw error;
    throw new SecretsDirectoryError(
      `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  } finally {
    closeSync(fd);
  }
}

/**
 * The worker's secret source from its environment: with TIXNGO_FEEDBACK_SECRETS_DIR, that directory
 * first, then the environment; without it (or empty), the environment only.
 * @throws SecretsDirectoryError when the variable names something that does not exist or is not a
 *   directory (the worker stops at start, exit 1).
 */
export function secretSourceFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: DirectorySecretsOptions = {},
): SecretSource {
  const fromEnvironment: SecretSource = (variable) => env[variable];
  const dir = env[SECRETS_DIR_VARIABLE];
  if (!dir) return fromEnvironment;
  const problem = ((): string | undefined => {
    try {
      return statSync(dir).isDirectory() ? undefined : 'is not a directory';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`;
    }
  })();
  if (problem) throw new SecretsDirectoryError(`${SECRETS_DIR_VARIABLE}=${JSON.stringify(dir)} ${problem}`);
  const fromDirectory = directorySecrets(path.resolve(dir), options);
  return Object.assign((variable: string) => fromDirectory(variable) ?? fromEnvironment(variable), {
    where: fromDirectory.where,
  });
}
