import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  connectionOptions,
  describeConnection,
  temporalConnectionFromEnv,
  TemporalConfigError,
} from '../../src/client/temporalConnection';

const API_KEY = 'cloud-api-key-9b8c7d6e';

describe('Temporal connection from the environment', () => {
  it('defaults to the local dev server, plaintext', () => {
    const settings = temporalConnectionFromEnv({});
    expect(settings).toEqual({ address: '127.0.0.1:7233', namespace: 'default' });
    expect(connectionOptions(settings)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('Temporal Cloud: an API key turns TLS on', () => {
    const settings = temporalConnectionFromEnv({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'feedback.a1b2c',
      TEMPORAL_API_KEY: API_KEY,
    });
    expect(connectionOptions(settings)).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      tls: true,
      apiKey: API_KEY,
    });
    expect(describeConnection(settings)).toBe(
      'eu-west-1.aws.api.temporal.io:7233, namespace "feedback.a1b2c", TLS + API key',
    );
  });

  it('mutual TLS reads the certificate, key and CA files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
    for (const name of ['client.pem', 'client.key', 'ca.pem']) writeFileSync(path.join(dir, name), name);
    const settings = temporalConnectionFromEnv({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CERT: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: path.join(dir, 'client.key'),
      TEMPORAL_TLS_CA: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    expect(settings.tls).toEqual({
      clientCertPair: { crt: Buffer.from('client.pem'), key: Buffer.from('client.key') },
      serverRootCACertificate: Buffer.from('ca.pem'),
      serverNameOverride: 'temporal',
    });
    expect(describeConnection(settings)).toContain('mutual TLS');
  });

  it.each([
    [{ TEMPORAL_TLS_CERT: '/etc/tls/client.pem' }, 'TEMPORAL_TLS_KEY is not set'],
    [{ TEMPORAL_TLS_CERT: '/nope/c.pem', TEMPORAL_TLS_KEY: '/nope/c.key' }, 'TEMPORAL_TLS_CERT names a file'],
    [{ TEMPORAL_ADDRESS: 'http://temporal:7233' }, 'TEMPORAL_ADDRESS is invalid'],
    [{ TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS is invalid'],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: API_KEY }, 'TEMPORAL_TLS=false contradicts'],
  ])('refuses %j naming the variable, never a key', (env, message) => {
    let thrown: unknown;
    try {
      temporalConnectionFromEnv(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TemporalConfigError);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).not.toContain(API_KEY);
  });
});
