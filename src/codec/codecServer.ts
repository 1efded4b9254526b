/**
 * A remote codec server for the Temporal Web UI and the temporal CLI (`--codec-endpoint`): POST
 * /encode and /decode take and answer `{ "payloads": [{ "metadata": { k: base64 }, "data": base64 }] }`,
 * the protobuf-JSON form those clients send. Whoever can reach it reads decrypted data, so: bind it
 * to localhost or put it behind the same access control as the UI, allow only the UI's origin (CORS),
 * and set a bearer token when the UI forwards its users' access tokens.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Browser origins allowed to call (the Web UI's, e.g. http://127.0.0.1:8233). Others get no CORS headers. */
  allowedOrigins: readonly string[];
  /** When set, /encode and /decode require `Authorization: Bearer <token>`. */
  bearerToken?: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface CodecServer {
  /** The endpoint to give the UI (`--ui-codec-endpoint`) or the CLI (`--codec-endpoint`). */
  url: string;
  close(): Promise<void>;
}

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const JsonPayload = z.object({
  metadata: z.record(z.string(), Base64).optional(),
  data: Base64.optional(),
});
type JsonPayload = z.infer<typeof JsonPayload>;

/** Protobuf JSON leaves an empty list out: `{}` is no payloads (the temporal CLI sends it); other keys are refused. */
const PayloadsBody = z.strictObject({ payloads: z.array(JsonPayload).optional().default([]) });

/** The headers the Web UI sends: its namespace, JSON, and (when configured) the user's token. */
const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';

export function payloadFromJson(json: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(json.metadata ?? {})) {
    metadata[key] = new Uint8Array(Buffer.from(value, 'base64'));
  }
  return { metadata, data: new Uint8Array(Buffer.from(json.data ?? '', 'base64')) };
}

export function payloadToJson(payload: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[key] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}

const normalizeOrigin = (origin: string): string => origin.replace(/\/+$/, '').toLowerCase();

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function buildCodecServer(options: Omit<CodecServerOptions, 'host' | 'port'>): FastifyInstance {
  const origins = new Set(options.allowedOrigins.map(normalizeOrigin));
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024 });

  /** Adds the CORS headers for an allowed origin; false when the request comes from another origin. */
  const corsAllowed = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const origin = request.headers.origin;
    if (origin === undefined) return true; // not a browser (temporal CLI, curl): CORS does not apply
    if (!origins.has(normalizeOrigin(origin))) return false;
    void reply
      .header('Access-Control-Allow-Origin', origin)
      .header('Access-Control-Allow-Credentials', 'true')
      .header('Vary', 'Origin');
    return true;
  };

  const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.headers.origin || !corsAllowed(request, reply)) {
      return reply.code(403).send({ message: 'origin not allowed' });
    }
    return reply
      .code(204)
      .header('Access-Control-Allow-Methods', 'POST, OPTIONS')
      .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      .header('Access-Control-Max-Age', '600')
      .send();
  };

  const handler =
    (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
      if (!corsAllowed(request, reply)) return reply.code(403).send({ message: 'origin not allowed' });
      if (options.bearerToken !== undefined) {
        const header = request.headers.authorization ?? '';
        const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
        if (!sameSecret(token, options.bearerToken)) {
          return reply
            .code(401)
            .send({ message: 'missing or wrong bearer token (Authorization: Bearer <token>)' });
        }
      }
      const body = PayloadsBody.safeParse(request.body);
      if (!body.success) {
        const issue = body.error.issues[0];
        return reply.code(400).send({
          message: `expected { "payloads": [{ "metadata": {…}, "data": "<base64>" }] }; at ${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
        });
      }
      const payloads = body.data.payloads.map(payloadFromJson);
      try {
        const result =
          direction === 'encode'
            ? await options.codec.encode(payloads)
            : await options.codec.decode(payloads);
        return { payloads: result.map(payloadToJson) };
      } catch (error) {
        // Codec errors name a key id at most, never key material or payload content.
        return reply.code(400).send({ message: error instanceof Error ? error.message : String(error) });
      }
    };

  for (const direction of ['encode', 'decode'] as const) {
    app.options(`/${direction}`, preflight);
    app.post(`/${direction}`, handler(direction));
  }
  return app;
}

export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const app = buildCodecServer(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => app.close(),
  };
}
