import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LifecycleStatus } from '../../domain/lifecycleStatus';
import { SpectatorDetails } from '../../domain/spectator';
import { PgS360Store } from './store';

const MobileUpdateBody = z.object({
  updates: z
    .array(
      z.object({
        ticketId: z.string().min(1).max(256),
        taxNumber: z.string().max(256).optional(),
        mobileStatus: LifecycleStatus,
        statusChangedAt: z.iso.datetime({ offset: true }),
        walletOwner: SpectatorDetails.optional(),
        holder: SpectatorDetails.optional(),
        beaconName: z.string().max(256).optional(),
        extraInfo: z.record(z.string(), z.string()).optional(),
      }),
    )
    .max(10_000),
});

export interface S360SimulatorOptions {
  databaseUrl: string;
  schema: string;
  /** API keys accepted as `Authorization: Bearer <key>`. */
  apiKeys: readonly string[];
  host?: string;
  port?: number;
}

export interface S360Simulator {
  url: string;
  store: PgS360Store;
  close(options?: { dropSchema?: boolean }): Promise<void>;
}

function buildApp(store: PgS360Store, apiKeys: ReadonlySet<string>): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization ?? '';
    const key = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!apiKeys.has(key)) {
      await reply.code(401).send({ message: 'missing or unknown API key (Authorization: Bearer <key>)' });
    }
  });
  app.post('/api/v1/tickets/mobile-updates', async (request, reply) => {
    const body = MobileUpdateBody.safeParse(request.body);
    if (!body.success) {
      const issue = body.error.issues[0];
      return reply.code(400).send({ message: `invalid body at ${issue?.path.join('.')}: ${issue?.message}` });
    }
    return store.applyMobileUpdates(body.data.updates);
  });
  app.get<{ Params: { ticketId: string } }>('/api/v1/tickets/:ticketId', async (request, reply) => {
    const ticket = await store.getTicket(request.params.ticketId);
    if (!ticket) return reply.code(404).send({ message: `ticket "${request.params.ticketId}" not found` });
    return ticket;
  });
  return app;
}

/** Starts the S-360 simulator: the API of docs/s360-api.yaml over HTTP, stored in PostgreSQL. */
export async function startS360Simulator(options: S360SimulatorOptions): Promise<S360Simulator> {
  const store = new PgS360Store({ databaseUrl: options.databaseUrl, schema: options.schema });
  await store.migrate();
  const app = buildApp(store, new Set(options.apiKeys));
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    store,
    async close({ dropSchema = false } = {}) {
      await app.close();
      if (dropSchema) await store.drop();
      await store.close();
    },
  };
}
