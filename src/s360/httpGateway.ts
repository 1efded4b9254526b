import type { z } from 'zod';
import { createJsonRequester, NoAnswer, type JsonRequest } from '../http/jsonRequest';
import { noAnswerTransportError, statusTransportError, TransportError } from '../http/transportError';
import {
  API_PREFIX,
  BulkUpdateResult,
  CONTACT_NOT_TEMPORARY,
  ContactList,
  CulturalContactResult,
  DistributionLine,
  DistributionLineList,
  ErrorBody,
  MobileUpdateResult,
  S360Contact,
  S360Ticket,
  SettleResult,
} from './api';
import type { S360Gateway } from './gateway';

export interface HttpS360GatewayOptions {
  organizerId: string;
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

const IDEMPOTENCY_KEY = 'Idempotency-Key';
const enc = encodeURIComponent;

interface Call<S extends z.ZodType> {
  /** A route template (no ids, no e-mails, no query): it names the operation in error messages. */
  operation: string;
  request: JsonRequest;
  schema: S;
  /** Statuses answered as data rather than thrown (the schema must then fit them too). */
  alsoAccept?: readonly number[];
}

/**
 * The S-360 gateway over HTTP (docs/s360-api.yaml). Every failure becomes a TransportError built from
 * scratch (retryable or not, as for TIXNGO) that names the organizer and the operation and carries no
 * header, URL, query or body, so the API key and personal data never ride along. Retrying is the
 * caller's job (Temporal activity retries); every create carries an idempotency key, so a retry is safe.
 * Calls go over kept-alive connections with undici (src/http/jsonRequest.ts): a transfer makes ≈ 9 of
 * them, and axios's per-call work had been a quarter of their CPU.
 */
export function createHttpS360Gateway(options: HttpS360GatewayOptions): S360Gateway {
  const http = createJsonRequester({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { authorization: `Bearer ${options.apiKey}` },
  });
  const what = (operation: string): string => `S-360 ${operation} for organizer "${options.organizerId}"`;

  function body<S extends z.ZodType>(
    operation: string,
    status: number,
    schema: S,
    data: unknown,
  ): z.output<S> {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new TransportError(
      `${what(operation)} answered an unexpected body (HTTP ${status}): ${issue?.path.join('.') || '(root)'}: ${
        issue?.message
      }`,
      true,
      status,
      undefined,
      'bad-response',
    );
  }

  /** Sends the request; a 2xx body is checked against the schema, an accepted other status is given raw. */
  async function call<S extends z.ZodType>(
    spec: Call<S>,
  ): Promise<{ ok: true; status: number; data: z.output<S> } | { ok: false; status: number; data: unknown }> {
    const accepted = spec.alsoAccept ?? [];
    let response;
    try {
      response = await http(spec.request);
    } catch (error) {
      throw noAnswerTransportError(what(spec.operation), error instanceof NoAnswer ? error.code : undefined);
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !accepted.includes(response.status)) {
      throw statusTransportError(
        what(spec.operation),
        response.status,
        response.data,
        response.headers['retry-after'],
      );
    }
    if (!ok) return { ok: false, status: response.status, data: response.data };
    return {
      ok: true,
      status: response.status,
      data: body(spec.operation, response.status, spec.schema, response.data),
    };
  }

  async function send<S extends z.ZodType>(spec: Omit<Call<S>, 'alsoAccept'>): Promise<z.output<S>> {
    const result = await call(spec);
    if (!result.ok) throw refused(spec.operation, result.status, result.data);
    return result.data;
  }

  const refused = (operation: string, status: number, body: unknown): TransportError => {
    const parsed = ErrorBody.safeParse(body);
    const detail = parsed.success ? `: ${parsed.data.message.slice(0, 300)}` : '';
    return new TransportError(`${what(operation)} failed with HTTP ${status}${detail}`, false, status);
  };

  const tickets = `${API_PREFIX}/tickets`;
  const contacts = `${API_PREFIX}/contacts`;
  const keyHeader = (idempotencyKey: string | undefined): Record<string, string> =>
    idempotencyKey ? { [IDEMPOTENCY_KEY]: idempotencyKey } : {};

  return {
    async applyMobileUpdates(updates) {
      return send({
        operation: `POST ${tickets}/mobile-updates`,
        request: { method: 'POST', path: `${tickets}/mobile-updates`, body: { updates } },
        schema: BulkUpdateResult,
      });
    },

    async applyMobileUpdate({ ticketId, ...data }) {
      return send({
        operation: `PUT ${tickets}/{ticketId}/mobile-data`,
        request: { method: 'PUT', path: `${tickets}/${enc(ticketId)}/mobile-data`, body: data },
        schema: MobileUpdateResult,
      });
    },

    async getTicket(ticketId) {
      const result = await call({
        operation: `GET ${tickets}/{ticketId}`,
        request: { method: 'GET', path: `${tickets}/${enc(ticketId)}` },
        schema: S360Ticket,
        alsoAccept: [404],
      });
      return result.ok ? result.data : undefined;
    },

    async setCulturalContact(ticketId, contactId, changedAt) {
      return send({
        operation: `PUT ${tickets}/{ticketId}/cultural-contact`,
        request: {
          method: 'PUT',
          path: `${tickets}/${enc(ticketId)}/cultural-contact`,
          body: { contactId, changedAt },
        },
        schema: CulturalContactResult,
      });
    },

    async findContactsByEmail(email) {
      const data = await send({
        operation: `GET ${contacts}?email=…`,
        request: { method: 'GET', path: `${contacts}?email=${enc(email)}` },
        schema: ContactList,
      });
      return data.contacts;
    },

    async getContact(contactId) {
      const result = await call({
        operation: `GET ${contacts}/{contactId}`,
        request: { method: 'GET', path: `${contacts}/${contactId}` },
        schema: S360Contact,
        alsoAccept: [404],
      });
      return result.ok ? result.data : undefined;
    },

    async createContact(contact, { idempotencyKey }) {
      return send({
        operation: `POST ${contacts}`,
        request: { method: 'POST', path: contacts, body: contact, headers: keyHeader(idempotencyKey) },
        schema: S360Contact,
      });
    },

    async updateTemporaryContact(contactId, fields, updateOptions = {}) {
      const operation = `PATCH ${contacts}/{contactId}`;
      const result = await call({
        operation,
        request: {
          method: 'PATCH',
          path: `${contacts}/${contactId}`,
          body: fields,
          headers: keyHeader(updateOptions.idempotencyKey),
        },
        schema: S360Contact,
        alsoAccept: [409],
      });
      if (result.ok) return { outcome: 'updated', contact: result.data };
      const refusal = ErrorBody.extend({ contact: S360Contact.optional() }).safeParse(result.data);
      if (refusal.success && refusal.data.code === CONTACT_NOT_TEMPORARY && refusal.data.contact) {
        return { outcome: 'refused-not-temporary', contact: refusal.data.contact };
      }
      throw refused(operation, result.status, result.data);
    },

    async addDistributionLine(ticketId, line, { idempotencyKey }) {
      return send({
        operation: `POST ${tickets}/{ticketId}/distribution-lines`,
        request: {
          method: 'POST',
          path: `${tickets}/${enc(ticketId)}/distribution-lines`,
          body: line,
          headers: keyHeader(idempotencyKey),
        },
        schema: DistributionLine,
      });
    },

    async settleDistributionLine(ticketId, lineId, status, settledAt) {
      return send({
        operation: `POST ${tickets}/{ticketId}/distribution-lines/{lineId}/settle`,
        request: {
          method: 'POST',
          path: `${tickets}/${enc(ticketId)}/distribution-lines/${lineId}/settle`,
          body: { status, settledAt },
        },
        schema: SettleResult,
      });
    },

    async listDistributionLines(ticketId) {
      const data = await send({
        operation: `GET ${tickets}/{ticketId}/distribution-lines`,
        request: { method: 'GET', path: `${tickets}/${enc(ticketId)}/distribution-lines` },
        schema: DistributionLineList,
      });
      return data.lines;
    },
  };
}
