import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AesGcmCodec } from '../../src/codec/aesGcmCodec';
import { startCodecServer } from '../../src/codec/codecServer';
import { generateCodecKeyEntry, parseCodecKeys } from '../../src/codec/keys';
import { CODEC_SERVER_TOKEN_VARIABLE } from '../../src/codec/serverToken';
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
/** A value as docker compose resolves it: `${VAR}`, `${VAR:?message}`, `${VAR:-default}` from `env`. */
const interpolate = (value: string, env: Record<string, string>): string =>
  value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([?-])([^}]*))?\}/g, (_, name: string, kind, rest) => {
    const found = env[name];
    if (found) return found;
    if (kind === '?') throw new Error(`docker compose refuses to start: ${String(rest)}`);
    return kind === '-' ? String(rest) : '';
  });
/** `--flag value` of a service's command. */
const commandFlag = (name: string, flag: string): string | undefined => {
  const command = service(name).command;
  return Array.isArray(command) ? command[command.indexOf(flag) + 1] : undefined;
};

describe('docker-compose.yml: a production-like run', () => {
  it('has Temporal on PostgreSQL, its Web UI, the worker, a codec server and both simulators', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'codec-server',
        'grafana',
        'postgresql',
        'prometheus',
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
    expect(service('temporal-ui').environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
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
    expect(commandOf('worker')).toBe('bin/worker-node dist/worker.js');
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

  it('publishes every port on localhost only (the codec server reads decrypted data)', () => {
    const published = Object.entries(compose.services).flatMap(([name, { ports = [] }]) =>
      ports.map((port) => `${name} ${port}`),
    );
    expect(published.length).toBeGreaterThanOrEqual(6);
    for (const port of published) expect(port).toMatch(/^[a-z0-9-]+ 127\.0\.0\.1:\d+:\d+$/);
    expect(service('codec-server').ports).toEqual(['127.0.0.1:8888:8888']);
  });

  it('scrapes the worker with Prometheus (alerts loaded) and provisions the dashboard in Grafana', () => {
    const prometheus = service('prometheus');
    expect(prometheus.volumes).toContain('./deploy/prometheus:/etc/prometheus/tixngo-feedback:ro');
    expect(commandOf('prometheus')).toContain('--config.file=/etc/prometheus/tixngo-feedback/prometheus.yml');
    const config = parse(readFileSync(path.join(root, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(config.rule_files).toEqual(['alerts.yml']);
    // The job name the alerts and the dashboard use; the worker's metrics port.
    expect(config.scrape_configs).toEqual([
      {
        job_name: 'tixngo-feedback',
        static_configs: [{ targets: [`worker:${service('worker').environment?.METRICS_PORT}`] }],
      },
    ]);
    const grafana = service('grafana');
    expect(grafana.volumes).toEqual([
      './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
      './deploy/grafana/tixngo-feedback.json:/var/lib/grafana/dashboards/tixngo-feedback/tixngo-feedback.json:ro',
    ]);
    const provider = parse(
      readFileSync(
        path.join(root, 'deploy', 'grafana', 'provisioning', 'dashboards', 'tixngo-feedback.yml'),
        'utf8',
      ),
    ) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards/tixngo-feedback');
    const datasources = parse(
      readFileSync(
        path.join(root, 'deploy', 'grafana', 'provisioning', 'datasources', 'prometheus.yml'),
        'utf8',
      ),
    ) as { datasources: { type: string; url: string }[] };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
  });

  it('requires the codec server token from the operator’s environment and gives it to the Web UI in the endpoint’s path', () => {
    const required = new RegExp(
      `^\\$\\{${CODEC_SERVER_TOKEN_VARIABLE}:\\?[^}]*openssl rand -hex 32[^}]*\\}$`,
    );
    expect(String(service('codec-server').environment?.[CODEC_SERVER_TOKEN_VARIABLE])).toMatch(required);
    const endpoint = String(service('temporal-ui').environment?.TEMPORAL_CODEC_ENDPOINT);
    expect(endpoint.startsWith('http://localhost:8888/')).toBe(true);
    expect(endpoint.slice('http://localhost:8888/'.length)).toMatch(required);
    // Without the variable, compose refuses to start rather than run an open codec server.
    expect(() => interpolate(endpoint, {})).toThrow(/docker compose refuses/);
  });

  it('the Web UI’s codec endpoint, resolved as compose resolves it, decodes on a codec server configured like the compose one', async () => {
    const token = randomBytes(32).toString('hex');
    const keys = generateCodecKeyEntry('k1');
    const env = { [CODEC_SERVER_TOKEN_VARIABLE]: token, TIXNGO_FEEDBACK_CODEC_KEYS: keys };
    const codecEnv = service('codec-server').environment ?? {};
    const uiEnv = service('temporal-ui').environment ?? {};
    const uiOrigin = String(uiEnv.TEMPORAL_CORS_ORIGINS);
    expect(commandFlag('codec-server', '--ui-origin')).toBe(uiOrigin);
    const codec = new AesGcmCodec(
      parseCodecKeys(interpolate(String(codecEnv.TIXNGO_FEEDBACK_CODEC_KEYS), env)),
    );
    const server = await startCodecServer({
      codec,
      allowedOrigins: [uiOrigin],
      bearerToken: interpolate(String(codecEnv[CODEC_SERVER_TOKEN_VARIABLE]), env),
    });
    try {
      const endpoint = new URL(interpolate(String(uiEnv.TEMPORAL_CODEC_ENDPOINT), env));
      expect(endpoint.port).toBe(commandFlag('codec-server', '--port'));
      // As the UI calls it from the browser: endpoint + '/decode', its origin, no Authorization header.
      const local = new URL(server.url);
      endpoint.host = local.host;
      const response = await fetch(`${endpoint.href}/decode`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: uiOrigin },
        body: '{}',
      });
      expect([response.status, await response.json()]).toEqual([200, { payloads: [] }]);
      const bare = await fetch(`${server.url}/decode`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: uiOrigin },
        body: '{}',
      });
      expect(bare.status).toBe(401);
    } finally {
      await server.close();
    }
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
