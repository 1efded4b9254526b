import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../../src/codec/aesGcmCodec';
import {
  buildCodecServer,
  payloadFromJson,
  payloadToJson,
  startCodecServer,
  type CodecServer,
} from '../../src/codec/codecServer';
import { generateCodecKeyEntry, parseCodecKeys } from '../../src/codec/keys';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const TOKEN = randomBytes(32).toString('hex');
const spectator = { firstName: 'Leocadia', email: 'leocadia.ruegg@spectator.example' };
const codec = new AesGcmCodec(parseCodecKeys(generateCodecKeyEntry('k1')));

let open: CodecServer;
let guarded: CodecServer;
beforeAll(async () => {
  open = await startCodecServer({ codec, allowedOrigins: [UI_ORIGIN] });
  guarded = await startCodecServer({ codec, allowedOrigins: [UI_ORIGIN], bearerToken: TOKEN });
});
afterAll(async () => {
  await Promise.all([open.close(), guarded.close()]);
});

/** A request as the Temporal Web UI sends it. */
const uiPost = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: UI_ORIGIN, ...headers },
    body: JSON.stringify(body),
  });

describe('codec server for the Temporal Web UI (real HTTP)', () => {
  it('encodes and decodes payloads in the JSON form the UI sends, with CORS headers for the UI', async () => {
    const payload = payloadToJson(defaultPayloadConverter.toPayload(spectator));
    expect(payload.metadata?.encoding).toBe(Buffer.from('json/plain').toString('base64'));

    const encoded = await uiPost(`${open.url}/encode`, { payloads: [payload] });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const encrypted = (await encoded.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    expect(encrypted.payloads).toHaveLength(1);
    expect(Buffer.from(encrypted.payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe(
      'binary/encrypted',
    );
    expect(JSON.stringify(encrypted)).not.toContain(
      Buffer.from(JSON.stringify(spectator)).toString('base64'),
    );

    const decoded = await uiPost(`${open.url}/decode`, encrypted);
    expect(decoded.status).toBe(200);
    const plain = (await decoded.json()) as { payloads: Parameters<typeof payloadFromJson>[0][] };
    expect(plain.payloads.map((json) => defaultPayloadConverter.fromPayload(payloadFromJson(json)))).toEqual([
      spectator,
    ]);
  });

  it('answers an empty list for `{}` and for an empty list (what `temporal workflow query --codec-endpoint` sends for no payloads)', async () => {
    for (const body of [{}, { payloads: [] }]) {
      for (const direction of ['encode', 'decode']) {
        const answer = await uiPost(`${open.url}/${direction}`, body);
        expect([direction, answer.status, await answer.json()]).toEqual([direction, 200, { payloads: [] }]);
      }
    }
  });

  it('answers the CORS preflight for the configured UI origin, with the X-Namespace header allowed', async () => {
    const response = await fetch(`${open.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: UI_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-namespace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('gives no CORS grant to another origin, for the preflight or the request', async () => {
    const preflight = await fetch(`${open.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const request = await uiPost(`${open.url}/decode`, { payloads: [] }, { Origin: 'https://evil.example' });
    expect(request.status).toBe(403);
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with a token configured, refuses a request without it or with a wrong one, in the header or the path', async () => {
    const body = { payloads: [payloadToJson(defaultPayloadConverter.toPayload(spectator))] };
    const sameLength = randomBytes(32).toString('hex');
    const refused = [
      await uiPost(`${guarded.url}/encode`, body),
      await uiPost(`${guarded.url}/encode`, body, { Authorization: 'Bearer wrong' }),
      await uiPost(`${guarded.url}/encode`, body, { Authorization: `Bearer ${sameLength}` }),
      await uiPost(`${guarded.url}/encode`, body, { Authorization: TOKEN }),
      await uiPost(`${guarded.url}/wrong/encode`, body),
      await uiPost(`${guarded.url}/${sameLength}/decode`, body),
      await uiPost(`${guarded.url}/${sameLength}/decode`, body, { Authorization: `Bearer ${TOKEN}` }),
    ];
    expect(refused.map((response) => response.status)).toEqual(refused.map(() => 401));
    for (const response of refused) {
      const text = await response.text();
      expect(text).toContain('token');
      expect(text).not.toContain(sameLength);
    }
  });

  it('with the right token, in the Authorization header or as the first path segment, encodes and decodes', async () => {
    const payload = payloadToJson(defaultPayloadConverter.toPayload(spectator));
    const viaHeader = await uiPost(
      `${guarded.url}/encode`,
      { payloads: [payload] },
      { Authorization: `Bearer ${TOKEN}` },
    );
    expect(viaHeader.status).toBe(200);
    const encrypted = await viaHeader.json();
    // The Temporal Web UI's form: its endpoint is http://host:port/<token> and it appends /decode.
    const viaPath = await uiPost(`${guarded.url}/${TOKEN}/decode`, encrypted);
    expect(viaPath.status).toBe(200);
    expect(viaPath.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const plain = (await viaPath.json()) as { payloads: Parameters<typeof payloadFromJson>[0][] };
    expect(plain.payloads.map((json) => defaultPayloadConverter.fromPayload(payloadFromJson(json)))).toEqual([
      spectator,
    ]);
    // The temporal CLI's form (--codec-auth "Bearer <token>"), and its `{}` for no payloads.
    for (const url of [`${guarded.url}/decode`, `${guarded.url}/${TOKEN}/encode`]) {
      const empty = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
        body: '{}',
      });
      expect([url, empty.status, await empty.json()]).toEqual([url, 200, { payloads: [] }]);
    }
  });

  it('checks the token before it reads the body: a caller without it gets 401, not a parse error', async () => {
    for (const url of [`${guarded.url}/decode`, `${guarded.url}/wrong/decode`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{ not json',
      });
      expect([url, response.status]).toEqual([url, 401]);
    }
  });

  it('answers the CORS preflight of the path form for the UI origin, and refuses it with a wrong token', async () => {
    const preflight = (token: string) =>
      fetch(`${guarded.url}/${token}/decode`, {
        method: 'OPTIONS',
        headers: {
          Origin: UI_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-namespace',
        },
      });
    const granted = await preflight(TOKEN);
    expect(granted.status).toBe(204);
    expect(granted.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(granted.headers.get('access-control-allow-methods')).toContain('POST');
    expect(granted.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect((await preflight('wrong')).status).toBe(401);
    // The header form's preflight carries no Authorization (browsers never send it there).
    const headerForm = await fetch(`${guarded.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(headerForm.status).toBe(204);
  });

  it('never echoes a path back: an unknown route answers 404 without the URL', async () => {
    const response = await uiPost(`${guarded.url}/${TOKEN}/decode/extra`, { payloads: [] });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(TOKEN);
  });

  it('takes a long token (up to 256 characters) in the path too', async () => {
    const long = 'a1-_.~'.repeat(42).slice(0, 256);
    const server = await startCodecServer({ codec, allowedOrigins: [UI_ORIGIN], bearerToken: long });
    try {
      expect((await uiPost(`${server.url}/${long}/decode`, {})).status).toBe(200);
      expect((await uiPost(`${server.url}/${long.slice(0, -1)}b/decode`, {})).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('has no path form without a token: /<anything>/decode is not found', async () => {
    expect((await uiPost(`${open.url}/${TOKEN}/decode`, { payloads: [] })).status).toBe(404);
  });

  it('refuses a token shorter than 32 characters, or one that cannot be a path segment, without quoting it', () => {
    for (const bad of ['short-token', `${'a'.repeat(40)}/b`, `${'a'.repeat(40)} b`]) {
      let error: unknown;
      try {
        buildCodecServer({ codec, allowedOrigins: [UI_ORIGIN], bearerToken: bad });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/32/);
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('says why it cannot decode: an unknown key id, or a body not in the UI form', async () => {
    const [foreign] = await new AesGcmCodec(parseCodecKeys(generateCodecKeyEntry('k0'))).encode([
      defaultPayloadConverter.toPayload(spectator),
    ]);
    const unknownKey = await uiPost(`${open.url}/decode`, { payloads: [payloadToJson(foreign ?? {})] });
    expect(unknownKey.status).toBe(400);
    expect(((await unknownKey.json()) as { message: string }).message).toContain('key id "k0"');

    const malformed = await uiPost(`${open.url}/decode`, { payload: [] });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toContain('"payloads"');
  });
});
