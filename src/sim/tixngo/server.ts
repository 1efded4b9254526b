import Fastify, { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { ChangeLog, InvalidPaginationKeyError } from './changeLog';
import {
  FaultController,
  FaultName,
  FaultPlan,
  malform,
  type FaultPlanInput,
  type FaultStats,
} from './faults';
import { generateTickets, type GenerateOptions } from './generator';
import { isScenarioName, scenarioChanges, SCENARIO_NAMES, type ScenarioOptions } from './scenarios';

export interface TixngoSimulatorOptions {
  /** The organizer API key the simulator accepts. */
  apiKey: string;
  authHeader?: string;
  diffPath?: string;
  /** Path of one ticket's current state; `{ticketId}` marks the id. Default `/tickets/{ticketId}`. */
  ticketPath?: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  faults?: FaultPlanInput;
}

export interface TixngoSimulator {
  url: string;
  port: number;
  changes: ChangeLog;
  faults: FaultController;
  /** Appends a scripted scenario's changes; returns how many. */
  playScenario(name: string, options?: ScenarioOptions): number;
  /** Appends a generated volume; returns its size in changes. */
  generate(options: GenerateOptions): { changes: number; tickets: number; transfers: number };
  stats(): SimulatorStats;
  close(): Promise<void>;
}

export interface SimulatorStats extends FaultStats {
  size: number;
  pages: number;
  itemsServed: number;
  /** Requests the client gave up (closed the connection) before they were answered. */
  abandoned: number;
}

const MAX_LIMIT = 10_000;

const ScenarioRequest = z.object({
  name: z.string(),
  startAt: z.iso.datetime({ offset: true }).optional(),
  prefix: z.string().max(64).optional(),
});

const GenerateRequest = z.object({
  count: z.number().int().min(0),
  transferShare: z.number().min(0).max(1).optional(),
  acceptedShare: z.number().min(0).max(1).optional(),
  pendingAfter: z.number().int().min(0).max(30_000_000).optional(),
  outcomeAfter: z.number().int().min(0).max(30_000_000).optional(),
  seed: z.number().int().optional(),
  startAt: z.iso.datetime({ offset: true }).optional(),
  spacingMs: z.number().int().min(0).optional(),
  ticketPrefix: z.string().max(64).optional(),
  eventId: z.string().max(256).optional(),
});

const FaultQueueRequest = z.object({ faults: z.array(FaultName) });

function badRequest(reply: FastifyReply, error: z.ZodError | Error): FastifyReply {
  const message =
    error instanceof z.ZodError
      ? error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ')
      : error.message;
  return reply.code(400).send({ message });
}

/**
 * Starts a TIXNGO diff endpoint over HTTP, serving the changes appended to its log, with faults on
 * demand. Control over HTTP under /__sim (no key needed): see docs/tixngo-diff.md.
 */
export async function startTixngoSimulator(options: TixngoSimulatorOptions): Promise<TixngoSimulator> {
  const authHeader = (options.authHeader ?? 'x-tixngo-key').toLowerCase();
  const diffPath = options.diffPath ?? '/tickets/diff';
  const ticketRoute = (options.ticketPath ?? '/tickets/{ticketId}').replace('{ticketId}', ':ticketId');
  const changes = new ChangeLog();
  const faults = new FaultController(options.faults);
  const counters = { pages: 0, itemsServed: 0, abandoned: 0 };
  const hanging = new Set<() => void>();
  /** Requests whose connection the simulator drops on purpose (timeout, reset faults). */
  const droppedByUs = new WeakSet<object>();
  let closing = false;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true });

  const simulator = {
    playScenario(name: string, scenarioOptions: ScenarioOptions = {}): number {
      if (!isScenarioName(name)) {
        throw new Error(`unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')})`);
      }
      const items = scenarioChanges(name, scenarioOptions);
      changes.append(...items);
      return items.length;
    },
    generate(generateOptions: GenerateOptions) {
      const source = generateTickets(generateOptions);
      changes.appendSource(source);
      return { changes: source.size, tickets: source.tickets, transfers: source.transfers };
    },
    stats(): SimulatorStats {
      return { ...faults.stats(), size: changes.size, ...counters };
    },
  };

  /** Waits, unless the simulator closes first. */
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (closing) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        hanging.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      hanging.add(done);
    });

  /** Applies the request's fault; true when the reply has been dealt with. */
  async function requestFault(reply: FastifyReply): Promise<boolean> {
    const fault = faults.forRequest();
    switch (fault) {
      case 'ok':
        return false;
      case 'slow':
        await wait(faults.current.slowMs);
        return false;
      case 'timeout':
        await wait(faults.current.hangMs);
        droppedByUs.add(reply.request.raw);
        reply.hijack();
        reply.raw.destroy();
        return true;
      case 'reset':
        droppedByUs.add(reply.request.raw);
        reply.hijack();
        reply.raw.destroy();
        return true;
      case 'garbage':
        await reply
          .code(200)
          .type('application/json')
          .send('{"pagination": {"nextPageKey": "x"}, "result": [');
        return true;
      case '429':
        await reply
          .code(429)
          .header('retry-after', String(faults.current.retryAfterSeconds))
          .send({ message: 'rate limit exceeded' });
        return true;
      default: {
        const status = Number(fault);
        const messages: Record<number, string> = {
          400: 'bad request',
          401: `missing or wrong ${authHeader} header`,
          403: 'this key may not read these tickets',
          404: 'no such resource',
        };
        await reply.code(status).send({ message: messages[status] ?? 'TIXNGO is having a bad day' });
        return true;
      }
    }
  }

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__sim/')) return;
    request.raw.once('close', () => {
      // Closed before an answer was written, and not by the simulator's own faults: the client gave up.
      if (!reply.raw.headersSent && !droppedByUs.has(request.raw)) counters.abandoned += 1;
    });
    if (request.headers[authHeader] !== options.apiKey) {
      await reply.code(401).send({ message: `missing or wrong ${authHeader} header` });
    }
  });

  app.get<{ Querystring: { paginationKey?: string; limit?: string } }>(diffPath, async (request, reply) => {
    if (await requestFault(reply)) return reply;
    const limit = Number(request.query.limit ?? 1000);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return reply.code(400).send({ message: `limit must be an integer from 1 to ${MAX_LIMIT}` });
    }
    let position: number;
    try {
      position = changes.offsetOf(request.query.paginationKey || undefined);
    } catch (error) {
      if (error instanceof InvalidPaginationKeyError) return reply.code(400).send({ message: error.message });
      throw error;
    }
    // A page is full (`limit` items) unless the log ends: skipped changes make room for later ones,
    // a duplicate only takes a free place, so "shorter than limit" still means drained.
    const { seed, pageCap, endKey, keyCycleAt } = faults.current;
    const served = Math.min(limit, pageCap ?? limit);
    const result: unknown[] = [];
    const size = changes.size;
    for (; position < size && result.length < served; position += 1) {
      const item = changes.at(position);
      const ticketId = (item as { ticketId?: unknown } | null)?.ticketId;
      if (
        typeof ticketId === 'string' &&
        faults.forItem(position, 'skip') &&
        changes.isSuperseded(position, ticketId)
      ) {
        faults.count('skip');
        continue;
      }
      if (faults.forItem(position, 'malformed')) {
        faults.count('malformed');
        result.push(malform(item, position, seed));
        continue;
      }
      result.push(item);
      if (result.length < served && faults.forItem(position, 'duplicate')) {
        faults.count('duplicate');
        result.push(item);
      }
    }
    counters.pages += 1;
    counters.itemsServed += result.length;
    const atEnd = position >= size;
    const nextPageKey =
      keyCycleAt !== undefined && position >= keyCycleAt
        ? changes.keyAt(0)
        : !atEnd || endKey === 'key'
          ? changes.keyAt(position)
          : endKey === 'empty'
            ? ''
            : null;
    return { pagination: { nextPageKey }, result };
  });

  app.get<{ Params: { ticketId: string } }>(ticketRoute, async (request, reply) => {
    if (await requestFault(reply)) return reply;
    const item = changes.current(request.params.ticketId);
    if (item === undefined) return reply.code(404).send({ message: 'ticket not found' });
    return item;
  });

  // ---- control (tests, the demo, the benchmark) ----
  app.post<{ Body: { changes?: unknown } }>('/__sim/changes', async (request, reply) => {
    const items = request.body?.changes;
    if (!Array.isArray(items))
      return reply.code(400).send({ message: 'body must be { "changes": [ ... ] }' });
    changes.append(...items);
    return { size: changes.size };
  });

  app.post('/__sim/scenario', async (request, reply) => {
    const parsed = ScenarioRequest.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    try {
      const { name, ...scenarioOptions } = parsed.data;
      const added = simulator.playScenario(name, scenarioOptions);
      return { added, size: changes.size };
    } catch (error) {
      return badRequest(reply, error as Error);
    }
  });

  app.post('/__sim/generate', async (request, reply) => {
    const parsed = GenerateRequest.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    try {
      return { ...simulator.generate(parsed.data), size: changes.size };
    } catch (error) {
      return badRequest(reply, error as Error);
    }
  });

  app.put('/__sim/faults', async (request, reply) => {
    const parsed = FaultPlan.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    return { plan: faults.set(parsed.data) };
  });

  app.post('/__sim/faults/next', async (request, reply) => {
    const parsed = FaultQueueRequest.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    faults.next(parsed.data.faults);
    return { queued: faults.queued };
  });

  app.delete('/__sim/faults', async () => {
    faults.clear();
    return { plan: faults.current };
  });

  app.get('/__sim/faults', async () => ({ plan: faults.current, queued: faults.queued }));

  app.get('/__sim/stats', async () => simulator.stats());

  app.post('/__sim/reset', async () => {
    changes.clear();
    faults.clear();
    faults.resetStats();
    counters.pages = 0;
    counters.itemsServed = 0;
    counters.abandoned = 0;
    return { size: 0 };
  });

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : (options.port ?? 0);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    changes,
    faults,
    ...simulator,
    async close() {
      closing = true;
      for (const release of [...hanging]) release();
      await app.close();
    },
  };
}
