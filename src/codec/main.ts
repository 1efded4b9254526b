#!/usr/bin/env node
/** `npm run codec -- --help`: runs the codec server for the Temporal Web UI, or generates a key. */
import { parseCommandArgs, UsageError } from '../cli/args';
import { exitCodeOf } from '../cli/describeError';
import { startCodecServer } from './codecServer';
import { payloadCodecFor } from './dataConverter';
import {
  CODEC_KEYS_VARIABLE,
  CODEC_MODE_VARIABLE,
  codecSettingFromEnv,
  describeCodecSetting,
  generateCodecKeyEntry,
} from './keys';
import { CODEC_SERVER_TOKEN_VARIABLE, codecServerTokenFromEnv, MIN_TOKEN_CHARS } from './serverToken';

export const codecHelp = `Usage: npm run codec -- [serve] [--port N] [--host H] [--ui-origin URL …]
       npm run codec -- generate-key [--id ID]

serve (default)   Runs the codec server: POST /encode and /decode decrypt payloads with the keys of
                  ${CODEC_KEYS_VARIABLE}, so the Temporal Web UI (its "codec endpoint" setting, or
                  \`temporal server start-dev --ui-codec-endpoint URL\`) and the temporal CLI
                  (\`--codec-endpoint URL\`) show decrypted data. Stops on Ctrl-C.
  --port N          port (default 8888; 0 picks a free one)
  --host H          interface (default 127.0.0.1: anyone who reaches it reads decrypted data);
                    any other than localhost needs ${CODEC_SERVER_TOKEN_VARIABLE}
  --ui-origin URL   a Web UI origin allowed by CORS, e.g. http://localhost:8080 (repeatable;
                    default http://localhost:8233 and http://127.0.0.1:8233)

  With ${CODEC_SERVER_TOKEN_VARIABLE} set, every request needs the token, either way:
    temporal CLI   --codec-endpoint http://localhost:8888 --codec-auth "Bearer <token>"
    Web UI         endpoint http://localhost:8888/<token> (the UI cannot send a header; it appends
                   /encode and /decode)
  A missing or wrong token gets 401. Nothing is logged, so no URL with the token lands in a log.

generate-key      Prints a new "<id>:<base64 of 32 bytes>" entry for ${CODEC_KEYS_VARIABLE}.
  --id ID           key id (default k<yyyymmdd>). Rotation: put the new entry first, keep the old ones.

Environment:
  ${CODEC_KEYS_VARIABLE}         "k2:<base64>,k1:<base64>": the first encrypts, all decrypt
  ${CODEC_SERVER_TOKEN_VARIABLE} the token (at least ${MIN_TOKEN_CHARS} of A-Z a-z 0-9 . _ ~ -):
                                     \`openssl rand -hex 32\`; unset: no token (localhost only)
  ${CODEC_MODE_VARIABLE}=off          (not for the server: it needs keys)`;

const LOCALHOST = new Set(['127.0.0.1', 'localhost', '::1']);

function defaultKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

async function serve(values: { port?: string; host?: string; 'ui-origin'?: string[] }): Promise<void> {
  const port = Number(values.port ?? 8888);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number, got "${values.port}"`);
  }
  const setting = codecSettingFromEnv();
  if (setting.mode !== 'encrypt') {
    throw new UsageError(`The codec server needs ${CODEC_KEYS_VARIABLE}: it has nothing to decrypt with.`);
  }
  let token: string | undefined;
  try {
    token = codecServerTokenFromEnv();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const host = values.host ?? '127.0.0.1';
  if (token === undefined && !LOCALHOST.has(host)) {
    throw new UsageError(
      `--host ${host} makes decrypted data reachable beyond this machine: set ${CODEC_SERVER_TOKEN_VARIABLE} (\`openssl rand -hex 32\`).`,
    );
  }
  const allowedOrigins = values['ui-origin'] ?? ['http://localhost:8233', 'http://127.0.0.1:8233'];
  const server = await startCodecServer({
    codec: payloadCodecFor(setting),
    allowedOrigins,
    bearerToken: token,
    host,
    port,
  });
  console.log(`tixngo-feedback codec server on ${server.url} (${describeCodecSetting(setting)})`);
  console.log(`  Web UI origins allowed: ${allowedOrigins.join(', ')}`);
  console.log(
    token === undefined
      ? `  token: none (${CODEC_SERVER_TOKEN_VARIABLE} unset)`
      : `  token: required (${CODEC_SERVER_TOKEN_VARIABLE}): Web UI endpoint ${server.url}/<token>, temporal CLI --codec-auth "Bearer <token>"`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}

export async function codecMain(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'ui-origin': { type: 'string', multiple: true },
      id: { type: 'string' },
    });
    if (values.help) {
      console.log(codecHelp);
      return 0;
    }
    const [command = 'serve', ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (command === 'generate-key') {
      console.log(generateCodecKeyEntry(values.id ?? defaultKeyId()));
      return 0;
    }
    if (command !== 'serve') throw new UsageError(`unknown command "${command}" (serve, generate-key)`);
    await serve(values);
    return 0;
  } catch (error) {
    console.error(`tixngo-feedback codec: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodeOf(error);
  }
}

if (require.main === module) {
  void codecMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
