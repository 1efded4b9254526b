import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../../src/codec/aesGcmCodec';
import {
  payloadFromJson,
  payloadToJson,
  startCodecServer,
  type CodecServer,
} from '../../src/codec/codecServer';
import { generateCodecKeyEntry, parseCodecKeys } from '../../src/codec/keys';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const TOKEN = 'codec-token-for-this-test';
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

  it('with a bearer token configured, refuses requests without it', async () => {
    const body = { payloads: [payloadToJson(defaultPayloadConverter.toPayload(spectator))] };
    expect((await uiPost(`${guarded.url}/encode`, body)).status).toBe(401);
    expect((await uiPost(`${guarded.url}/encode`, body, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await uiPost(`${guarded.url}/encode`, body, { Authorization: `Bearer ${TOKEN}` })).status).toBe(
      200,
    );
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
