import Fastify from 'fastify';
import { ChangeLog, InvalidPaginationKeyError } from './changeLog';

export interface TixngoSimulatorOptions {
  /** The organizer API key the simulator accepts. */
  apiKey: string;
  authHeader?: string;
  diffPath?: string;
  host?: string;
  port?: number;
}

export interface TixngoSimulator {
  url: string;
  changes: ChangeLog;
  close(): Promise<void>;
}

const MAX_LIMIT = 10_000;

/** Starts a TIXNGO diff endpoint over HTTP, serving the changes appended to its log. */
export async function startTixngoSimulator(options: TixngoSimulatorOptions): Promise<TixngoSimulator> {
  const authHeader = (options.authHeader ?? 'x-tixngo-key').toLowerCase();
  const changes = new ChangeLog();
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__sim/')) return;
    if (request.headers[authHeader] !== options.apiKey) {
      await reply.code(401).send({ message: `missing or wrong ${authHeader} header` });
    }
  });

  app.get<{ Querystring: { paginationKey?: string; limit?: string } }>(
    options.diffPath ?? '/tickets/diff',
    async (request, reply) => {
      const limit = Number(request.query.limit ?? 1000);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        return reply.code(400).send({ message: `limit must be an integer from 1 to ${MAX_LIMIT}` });
      }
      try {
        const page = changes.page(request.query.paginationKey || undefined, limit);
        return { pagination: { nextPageKey: page.nextPageKey }, result: page.items };
      } catch (error) {
        if (error instanceof InvalidPaginationKeyError)
          return reply.code(400).send({ message: error.message });
        throw error;
      }
    },
  );

  /** Test and demo control: append ticket changes over HTTP. */
  app.post<{ Body: { changes?: unknown } }>('/__sim/changes', async (request, reply) => {
    const items = request.body?.changes;
    if (!Array.isArray(items))
      return reply.code(400).send({ message: 'body must be { "changes": [ ... ] }' });
    changes.append(...items);
    return { size: changes.size };
  });

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return { url: `http://${host}:${port}`, changes, close: () => app.close() };
}
