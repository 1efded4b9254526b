/**
 * docs/s360-api.yaml is the contract: the simulator serves exactly its operations, and the adapter
 * offers exactly one method per operation (named by its operationId).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { parse } from 'yaml';
import { z } from 'zod';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import { registerApiRoutes } from '../../src/sim/s360/apiRoutes';
import type { S360Store } from '../../src/sim/s360/store';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

const ApiDocument = z.object({
  openapi: z.string().startsWith('3.'),
  paths: z.record(
    z.string(),
    z.record(z.string(), z.unknown()).transform((item) =>
      Object.fromEntries(
        METHODS.flatMap((method) => {
          const operation = z.object({ operationId: z.string() }).safeParse(item[method]);
          return operation.success ? [[method, operation.data.operationId]] : [];
        }),
      ),
    ),
  ),
});

const raw: unknown = parse(readFileSync(path.join(__dirname, '../../docs/s360-api.yaml'), 'utf8'));
const document = ApiDocument.parse(raw);

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, field]) =>
    name === '$ref' && typeof field === 'string' ? [field] : refsIn(field),
  );
}

function resolves(ref: string): boolean {
  let node: unknown = raw;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined;
}
const documented = Object.entries(document.paths).flatMap(([route, operations]) =>
  Object.entries(operations).map(([method, operationId]) => ({
    route: `${method.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`,
    operationId,
  })),
);

describe('docs/s360-api.yaml', () => {
  it('documents exactly the API routes the simulator serves', async () => {
    const served: string[] = [];
    const app = Fastify();
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      methods
        .filter((method) => method !== 'HEAD')
        .forEach((method) => served.push(`${method} ${route.url}`));
    });
    // Routes are only registered here, never called: no store is needed.
    registerApiRoutes(app, undefined as unknown as S360Store);
    await app.ready();
    await app.close();
    expect(served.sort()).toEqual(documented.map((operation) => operation.route).sort());
  });

  it('has no dangling $ref', () => {
    const refs = [...new Set(refsIn(raw))];
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((ref) => !resolves(ref))).toEqual([]);
  });

  it('names one adapter method per operation', () => {
    const gateway = createHttpS360Gateway({
      organizerId: 'doc',
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'unused',
      timeoutMs: 1,
    });
    expect(Object.keys(gateway).sort()).toEqual(documented.map((operation) => operation.operationId).sort());
  });
});
