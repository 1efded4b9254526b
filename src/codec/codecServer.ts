/**
 * A remote codec server for the Temporal Web UI and the temporal CLI (`--codec-endpoint`): POST
 * /encode and /decode take and answer `{ "payloads": [{ "metadata": { k: base64 }, "data": base64 }] }`,
 * the protobuf-JSON form those clients send. Whoever can reach it reads decrypted data, so: bind it
 * to localhost or put it behind the same access control as the UI, allow only the UI's origin (CORS),
 * and require a token (serverToken.ts): `Authorization: Bearer <token>` from the temporal CLI
 * (`--codec-auth`), or the endpoint `http://host:port/<token>` from the Web UI, which appends /encode
 * and /decode itself (the codec protocol reads only the last path segment).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { checkCodecServerToken, isCodecServerToken, MAX_TOKEN_CHARS } from './serverToken';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Browser origins allowed to call (the Web UI's, e.g. http://127.0.0.1:8233). Others get no CORS headers. */
  allowedOrigins: readonly string[];
  /**
   * When set (32 to 256 URL-safe characters), /encode and /decode require `Authorization: Bearer
   * <token>`, and /<token>/encode, /<token>/decode answer without the header. Unset: no token, no path form.
   */
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

const UNAUTHORIZED = {
  message:
    'missing or wrong codec server token: send "Authorization: Bearer <token>" or use the endpoint http://host:port/<token>',
};

/** The token of an Authorization header ("Bearer <token>", scheme in any case); "" when there is none. */
function bearerOf(header: string | undefined): string {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? '';
}

/**
 * Builds the server (not listening). Throws a CodecConfigError for a token outside 32 to 256
 * characters or not URL-safe. Nothing is logged: no request line can carry the token of the path form.
 */
export function buildCodecServer(options: Omit<CodecServerOptions, 'host' | 'port'>): FastifyInstance {
  const token = options.bearerToken === undefined ? undefined : checkCodecServerToken(options.bearerToken);
  const origins = new Set(options.allowedOrigins.map(normalizeOrigin));
  const app = Fastify({
    logger: false,
    bodyLimit: 32 * 1024 * 1024,
    routerOptions: { maxParamLength: MAX_TOKEN_CHARS },
  });
  // Fastify's own 404 quotes the URL, which may hold a token.
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ message: 'not found: POST /encode or /decode' }),
  );

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

  /**
   * Runs before the body is read (onRequest): the origin, then the token — of the path for
   * /<token>/…, of the Authorization header for /encode and /decode (a preflight of those carries
   * none). A caller without the token never gets its body parsed.
   */
  const guard =
    (form: 'path' | 'header', preflight: boolean) =>
    async (request: FastifyRequest<{ Params: { token?: string } }>, reply: FastifyReply) => {
      if (!corsAllowed(request, reply) || (preflight && !request.headers.origin)) {
        return reply.code(403).send({ message: 'origin not allowed' });
      }
      if (token === undefined || (form === 'header' && preflight)) return;
      const given = form === 'path' ? (request.params.token ?? '') : bearerOf(request.headers.authorization);
      if (!isCodecServerToken(given, token)) return reply.code(401).send(UNAUTHORIZED);
    };

  const preflight = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(204)
      .header('Access-Control-Allow-Methods', 'POST, OPTIONS')
      .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      .header('Access-Control-Max-Age', '600')
      .send();

  const handler =
    (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
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

  const forms = token === undefined ? (['header'] as const) : (['header', 'path'] as const);
  for (const form of forms) {
    for (const direction of ['encode', 'decode'] as const) {
      const url = form === 'path' ? `/:token/${direction}` : `/${direction}`;
      app.options(url, { onRequest: guard(form, true) }, preflight);
      app.post(url, { onRequest: guard(form, false) }, handler(direction));
    }
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
