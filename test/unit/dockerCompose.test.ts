import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { WORKER_TUNING_VARIABLES } from '../../src/config/workerTuning';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/workflows/searchAttributes';

const root = path.join(__dirname, '..', '..');

const Service = z.object({
  image: z.string().optional(),
  build: z.string().optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  ports: z.array(z.string()).optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string() }))])
    .optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()).optional(), disable: z.boolean().optional() }).optional(),
});
const Compose = z.object({
  services: z.record(z.string(), Service),
  volumes: z.record(z.string(), z.unknown()),
});

const compose = Compose.parse(
  parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }),
);
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};
const dependsOn = (name: string): Record<string, string> => {
  const deps = service(name).depends_on ?? {};
  return Array.isArray(deps)
    ? Object.fromEntries(deps.map((dep) => [dep, 'service_started']))
    : Object.fromEntries(Object.entries(deps).map(([dep, { condition }]) => [dep, condition]));
};
const commandOf = (name: string): string => {
  const command = service(name).command ?? '';
  return Array.isArray(command) ? command.join(' ') : command;
};

describe('docker-compose.yml: a production-like run', () => {
  it('has Temporal on PostgreSQL, its Web UI, the worker, a codec server and both simulators', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'codec-server',
        'postgresql',
        's360',
        'temporal',
        'temporal-setup',
        'temporal-ui',
        'tixngo',
        'worker',
      ].sort(),
    );
    expect(service('postgresql').image).toMatch(/^postgres:\d+/);
    expect(service('temporal').image).toMatch(/^temporalio\/auto-setup:/);
    expect(service('temporal').environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(dependsOn('temporal')).toEqual({ postgresql: 'service_healthy' });
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:/);
    expect(service('temporal-ui').environment).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_CODEC_ENDPOINT: 'http://localhost:8888',
    });
    expect(compose.volumes).toHaveProperty('postgresql-data');
  });

  it('registers every search attribute the workflows set, as Keyword, before the worker starts', () => {
    const setup = commandOf('temporal-setup');
    for (const key of CUSTOM_SEARCH_ATTRIBUTES) expect(setup).toContain(key.name);
    expect(setup).toContain('--type Keyword');
    expect(dependsOn('temporal-setup')).toEqual({ temporal: 'service_healthy' });
    expect(dependsOn('worker')).toMatchObject({ 'temporal-setup': 'service_completed_successfully' });
  });

  it('configures the worker by environment: Temporal, config file, per-organizer keys, codec keys, metrics', () => {
    const worker = service('worker');
    expect(worker.build).toBe('.');
    expect(commandOf('worker')).toBe('node dist/worker.js');
    expect(worker.environment).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
      TIXNGO_FEEDBACK_CONFIG: '/app/deploy/tixngo-feedback.compose.json',
      TIXNGO_API_KEY__ACME_EVENTS: expect.any(String),
      S360_API_KEY__ACME_EVENTS: expect.any(String),
      METRICS_PORT: 9464,
    });
    // Codec keys are required from the operator's environment, never written in the file.
    expect(String(worker.environment?.TIXNGO_FEEDBACK_CODEC_KEYS)).toMatch(
      /^\$\{TIXNGO_FEEDBACK_CODEC_KEYS:\?/,
    );
    // So is the transfer key secret.
    expect(String(worker.environment?.TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET)).toMatch(
      /^\$\{TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET:\?/,
    );
    expect(String(service('codec-server').environment?.TIXNGO_FEEDBACK_CODEC_KEYS)).toMatch(
      /^\$\{TIXNGO_FEEDBACK_CODEC_KEYS:\?/,
    );
    expect(worker.ports).toContain('127.0.0.1:9464:9464');
  });

  it('passes the worker’s sizing variables through from the operator’s environment (empty: the default)', () => {
    for (const name of Object.keys(WORKER_TUNING_VARIABLES)) {
      expect(service('worker').environment?.[name]).toBe(`\${${name}:-}`);
    }
  });

  it('points the worker’s organizer at the simulators with the keys the simulators accept', () => {
    const config = JSON.parse(
      readFileSync(path.join(root, 'deploy', 'tixngo-feedback.compose.json'), 'utf8'),
    ) as {
      organizers: Record<string, { tixngo: { baseUrl: string }; s360: { baseUrl: string } }>;
    };
    expect(config.organizers['acme-events']).toMatchObject({
      tixngo: { baseUrl: 'http://tixngo:4010' },
      s360: { baseUrl: 'http://s360:8360' },
    });
    expect(commandOf('tixngo')).toContain('--port 4010');
    expect(service('tixngo').environment?.TIXNGO_SIM_API_KEY).toBe(
      service('worker').environment?.TIXNGO_API_KEY__ACME_EVENTS,
    );
    expect(service('s360').environment).toMatchObject({
      S360_SIM_PORT: 8360,
      S360_SIM_API_KEYS: service('worker').environment?.S360_API_KEY__ACME_EVENTS,
      DATABASE_URL: expect.stringContaining('@postgresql:5432/'),
    });
    expect(dependsOn('s360')).toEqual({ postgresql: 'service_healthy' });
  });

  it('publishes ports on localhost only (the codec server reads decrypted data)', () => {
    for (const [name, { ports = [] }] of Object.entries(compose.services)) {
      for (const port of ports)
        expect(`${name} ${port}`).toMatch(new RegExp(`^${name} 127\\.0\\.0\\.1:\\d+:\\d+$`));
    }
    expect(service('codec-server').ports).toEqual(['127.0.0.1:8888:8888']);
  });

  it('builds the app image on Node 22 LTS (slim), from the lock (npm ci), a Node line package.json supports', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM .*$/gm)).toEqual(['FROM node:22-slim AS build', 'FROM node:22-slim']);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    const engines = (
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    expect(engines.split('||').map((range) => range.trim())).toContain('^22.12.0');
    for (const name of ['worker', 'codec-server', 'tixngo', 's360']) expect(service(name).build).toBe('.');
  });

  it('checks the worker’s health by its metrics endpoint, and only the worker’s', () => {
    expect(service('worker').healthcheck?.test).toEqual(['CMD', 'node', 'dist/healthcheck.js']);
    for (const name of ['codec-server', 'tixngo', 's360'])
      expect(service(name).healthcheck).toEqual({ disable: true });
  });
});
