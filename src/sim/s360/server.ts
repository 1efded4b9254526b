import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ContactId, S360TicketId } from '../../s360/api';
import { parse, registerApiRoutes } from './apiRoutes';
import { registerBackofficeRoutes } from './backofficeRoutes';
import { dataException, SimulatorRequestError } from './errors';
import { TicketRefusals } from './refusals';
import { S360Store } from './store';

export interface S360SimulatorOptions {
  /** PostgreSQL to store into; when unset, an embedded PGlite database (in memory, or in `dataDir`). */
  databaseUrl?: string;
  /** PostgreSQL schema holding this simulator's tables; migrations run at start. */
  schema: string;
  /** API keys accepted as `Authorization: Bearer <key>`. */
  apiKeys: readonly string[];
  host?: string;
  port?: number;
  /** Embedded store only: keep the data in this directory. */
  dataDir?: string;
}

export interface S360Simulator {
  url: string;
  store: S360Store;
  /** Simulator control: tickets whose writes S-360 refuses (also `PUT /__sim/refusals`). */
  refusals: TicketRefusals;
  close(options?: { dropSchema?: boolean }): Promise<void>;
}

const TicketSeed = z.object({
  ticketId: S360TicketId,
  taxNumber: z.string().min(1).max(256).optional(),
  culturalContactId: ContactId.optional(),
});

const RefusalControl = z.object({
  ticketIds: z.array(S360TicketId).min(1).max(10_000),
  status: z
    .union([z.literal(400), z.literal(409), z.literal(413), z.literal(422), z.literal(500), z.literal(503)])
    .optional(),
  message: z.string().min(1).max(300).optional(),
  writes: z
    .array(z.enum(['mobile-data', 'distribution-lines']))
    .min(1)
    .optional(),
});

function isFastifyClientError(error: unknown): error is FastifyError {
  if (!(error instanceof Error) || !('statusCode' in error)) return false;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

export function buildS360App(
  store: S360Store,
  apiKeys: ReadonlySet<string>,
  refusals: TicketRefusals = new TicketRefusals(),
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization ?? '';
    const key = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!apiKeys.has(key)) {
      await reply.code(401).send({
        message: 'missing or unknown API key (send Authorization: Bearer <key>)',
        code: 'UNAUTHORIZED',
      });
    }
  });

  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof SimulatorRequestError) {
      return reply
        .code(error.statusCode)
        .send({ ...error.details, message: error.message, code: error.code });
    }
    const unstorable = dataException(error);
    if (unstorable) {
      return reply.code(unstorable.statusCode).send({ message: unstorable.message, code: unstorable.code });
    }
    if (isFastifyClientError(error)) {
      return reply.code(error.statusCode ?? 400).send({ message: error.message, code: error.code });
    }
    const what = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    return reply.code(500).send({ message: `S-360 simulator failed: ${what}`, code: 'INTERNAL' });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send({ message: `no route ${request.method} ${request.url.split('?')[0]}`, code: 'NO_ROUTE' }),
  );

  registerApiRoutes(app, store, refusals);
  registerBackofficeRoutes(app, store);

  /** Simulator control (tests, demo): a ticket as S-360 sold it, before TIXNGO reports anything. */
  app.post('/__sim/tickets', async (request, reply) => {
    const seed = parse(TicketSeed, request.body, 'body');
    return reply.code(201).send(await store.seedTicket(seed));
  });

  /** Simulator only: the state the invariants checker judges (tickets with lines, contacts). */
  app.get('/__sim/state', async () => store.snapshot());

  /** Simulator control: S-360 refuses writes of these tickets (default: mobile data, 422). */
  app.put('/__sim/refusals', async (request) => {
    const { ticketIds, ...refusal } = parse(RefusalControl, request.body, 'body');
    refusals.refuse(ticketIds, refusal);
    return { refused: ticketIds.length };
  });
  app.delete('/__sim/refusals', async (_request, reply) => {
    refusals.clear();
    return reply.code(204).send();
  });

  return app;
}

/** Starts the S-360 simulator: the API of docs/s360-api.yaml and a back-office page over HTTP. */
export async function startS360Simulator(options: S360SimulatorOptions): Promise<S360Simulator> {
  const store = await S360Store.open({
    databaseUrl: options.databaseUrl,
    schema: options.schema,
    dataDir: options.dataDir,
  });
  const refusals = new TicketRefusals();
  const app = buildS360App(store, new Set(options.apiKeys.filter((key) => key.length > 0)), refusals);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    store,
    refusals,
    async close({ dropSchema = false } = {}) {
      await app.close();
      if (dropSchema) await store.drop();
      await store.close();
    },
  };
}
