/**
 * Organizers' API keys from a secrets directory (one file per variable, e.g. a Kubernetes Secret volume),
 * read at every use: an organizer added to the configuration, or a rotated key, needs no worker restart.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { MissingSecretError, requireSecret } from '../../../src/config/secrets';
import {
  MAX_SECRET_FILE_BYTES,
  SECRETS_DIR_VARIABLE,
  SecretsDirectoryError,
  directorySecrets,
  secretSourceFromEnv,
} from '../../../src/config/secretsDirectory';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('directorySecrets', () => {
  it('reads <dir>/<variable> at every call: a file added or rotated later is seen without a restart', () => {
    const secrets = directorySecrets(dir);
    expect(secrets('TIXNGO_API_KEY__ACME')).toBeUndefined();
    writeFileSync(path.join(dir, 'TIXNGO_API_KEY__ACME'), 'first-key-value\n');
    expect(secrets('TIXNGO_API_KEY__ACME')).toBe('first-key-value');
    writeFileSync(path.join(dir, 'TIXNGO_API_KEY__ACME'), 'rotated-key-value');
    expect(secrets('TIXNGO_API_KEY__ACME')).toBe('rotated-key-value');
  });

  it('follows the symlinks of a Kubernetes Secret volume (KEY -> ..data/KEY)', () => {
    mkdirSync(path.join(dir, '..data'));
    writeFileSync(path.join(dir, '..data', 'S360_API_KEY__ACME'), 's360-key-value\r\n');
    symlinkSync(path.join('..data', 'S360_API_KEY__ACME'), path.join(dir, 'S360_API_KEY__ACME'));
    expect(directorySecrets(dir)('S360_API_KEY__ACME')).toBe('s360-key-value');
  });

  it('an empty or whitespace-only file is no secret', () => {
    writeFileSync(path.join(dir, 'TIXNGO_API_KEY__ACME'), ' \n');
    expect(directorySecrets(dir)('TIXNGO_API_KEY__ACME')).toBeUndefined();
  });

  it('reports every value it reads, so logs can mask it', () => {
    const seen: string[] = [];
    writeFileSync(path.join(dir, 'TIXNGO_API_KEY__ACME'), 'masked-key-value');
    directorySecrets(dir, { onValue: (value) => seen.push(value) })('TIXNGO_API_KEY__ACME');
    expect(seen).toEqual(['masked-key-value']);
  });

  it('a file over the size bound: an error naming the file and the bound, never its content', () => {
    writeFileSync(path.join(dir, 'TIXNGO_API_KEY__ACME'), 'x'.repeat(MAX_SECRET_FILE_BYTES + 1));
    const read = (): unknown => directorySecrets(dir)('TIXNGO_API_KEY__ACME');
    expect(read).toThrow(SecretsDirectoryError);
    expect(read).toThrow(
      `${path.join(dir, 'TIXNGO_API_KEY__ACME')} is larger than ${MAX_SECRET_FILE_BYTES} bytes`,
    );
  });

  it('a FIFO, a device or a directory in place of a file: "not a regular file", at once (never blocks on a read)', () => {
    execFileSync('mkfifo', [path.join(dir, 'TIXNGO_API_KEY__FIFO')]);
    symlinkSync('/dev/zero', path.join(dir, 'TIXNGO_API_KEY__ZERO'));
    mkdirSync(path.join(dir, 'TIXNGO_API_KEY__DIR'));
    for (const variable of ['TIXNGO_API_KEY__FIFO', 'TIXNGO_API_KEY__ZERO', 'TIXNGO_API_KEY__DIR']) {
      expect(() => directorySecrets(dir)(variable)).toThrow(
        `${path.join(dir, variable)} is not a regular file`,
      );
    }
  });

  it('a read error is a missing secret with its cause: not retried, told apart from a bug', () => {
    mkdirSync(path.join(dir, 'TIXNGO_API_KEY__DIR'));
    expect(() =>
      requireSecret(directorySecrets(dir), 'TIXNGO_API_KEY__DIR', 'The TIXNGO API key of organizer "dir"'),
    ).toThrow(
      new MissingSecretError(
        `The TIXNGO API key of organizer "dir" cannot be read: ${path.join(dir, 'TIXNGO_API_KEY__DIR')} is not a regular file.`,
      ),
    );
  });

  it('only secret variable names are read: no path ever leaves the directory', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
        fc.pre(!/^[A-Z][A-Z0-9_]*$/.test(name));
        expect(() => directorySecrets(dir)(name)).toThrow(SecretsDirectoryError);
      }),
    );
    expect(() => directorySecrets(dir)('../etc/passwd')).toThrow('is not a secret variable name');
  });

  it('a missing secret names the variable and the file to create', () => {
    const secrets = directorySecrets(dir);
    expect(() =>
      requireSecret(secrets, 'TIXNGO_API_KEY__ACME', 'The TIXNGO API key of organizer "acme"'),
    ).toThrow(
      new MissingSecretError(
        `The TIXNGO API key of organizer "acme" is not set: define TIXNGO_API_KEY__ACME in the worker's ` +
          `environment or as the file ${path.join(dir, 'TIXNGO_API_KEY__ACME')}.`,
      ),
    );
  });
});

describe('secretSourceFromEnv', () => {
  it(`without ${SECRETS_DIR_VARIABLE}: the environment only`, () => {
    const secrets = secretSourceFromEnv({ TIXNGO_API_KEY__ACME: 'env-key-value' });
    expect(secrets('TIXNGO_API_KEY__ACME')).toBe('env-key-value');
    expect(secrets('S360_API_KEY__ACME')).toBeUndefined();
  });

  it('with it: the directory first, then the environment', () => {
    writeFileSync(path.join(dir, 'TIXNGO_API_KEY__ACME'), 'file-key-value');
    const secrets = secretSourceFromEnv({
      [SECRETS_DIR_VARIABLE]: dir,
      TIXNGO_API_KEY__ACME: 'env-key-value',
      S360_API_KEY__ACME: 'env-s360-value',
    });
    expect(secrets('TIXNGO_API_KEY__ACME')).toBe('file-key-value');
    expect(secrets('S360_API_KEY__ACME')).toBe('env-s360-value');
  });

  it('a directory that does not exist, a file, or blank: a configuration error at start, the value quoted', () => {
    const file = path.join(dir, 'not-a-directory');
    writeFileSync(file, '');
    const cases: [string, string][] = [
      [path.join(dir, 'missing'), 'does not exist'],
      ['relative/but/missing', 'does not exist'],
      [file, 'is not a directory'],
      ['   ', 'does not exist'],
    ];
    for (const [value, problem] of cases) {
      expect(() => secretSourceFromEnv({ [SECRETS_DIR_VARIABLE]: value })).toThrow(
        new SecretsDirectoryError(`${SECRETS_DIR_VARIABLE}=${JSON.stringify(value)} ${problem}`),
      );
    }
  });

  it('empty: unset (the environment only), as for the other variables', () => {
    expect(
      secretSourceFromEnv({ [SECRETS_DIR_VARIABLE]: '', TIXNGO_API_KEY__ACME: 'env-key-value' })(
        'TIXNGO_API_KEY__ACME',
      ),
    ).toBe('env-key-value');
  });
});
