import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  API_PREFIX,
  BulkMobileUpdateRequest,
  ContactId,
  ContactUpdate,
  CulturalContactChange,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  LineId,
  MobileData,
  NewContact,
  NewDistributionLine,
  S360TicketId,
  SettleRequest,
} from '../../s360/api';
import { SimulatorRequestError, notFound } from './errors';
import type { IdempotentAnswer } from './idempotency';
import { TicketRefusals } from './refusals';
import type { S360Store } from './store';

/** Parses a part of the request, or answers 400 naming the field and the problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new SimulatorRequestError(400, `invalid request: ${problems.join('; ')}`, 'INVALID_REQUEST');
}

const TicketParams = z.object({ ticketId: S360TicketId });
const ContactParams = z.object({ contactId: z.coerce.number().pipe(ContactId) });
const LineParams = TicketParams.extend({ lineId: z.coerce.number().pipe(LineId) });
const EmailQuery = z.object({ email: z.string().min(1, 'give the e-mail to look for').max(320) });

function idempotencyKey(request: FastifyRequest, required: true): string;
function idempotencyKey(request: FastifyRequest, required: false): string | undefined;
function idempotencyKey(request: FastifyRequest, required: boolean): string | undefined {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (header === undefined) {
    if (!required) return undefined;
    throw new SimulatorRequestError(
      400,
      'the Idempotency-Key header is required on every create (the same key makes a repeated request harmless)',
      'IDEMPOTENCY_KEY_MISSING',
    );
  }
  return parse(IdempotencyKey, header, 'header Idempotency-Key');
}

function answer(reply: FastifyReply, result: IdempotentAnswer): FastifyReply {
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

/**
 * The API of docs/s360-api.yaml; every rule is the store's, this only translates HTTP. `refusals`:
 * tickets whose mobile-data writes a test makes S-360 refuse (simulator control).
 */
export function registerApiRoutes(
  app: FastifyInstance,
  store: S360Store,
  refusals: TicketRefusals = new TicketRefusals(),
): void {
  const p = API_PREFIX;

  // ---- contacts
  app.get(`${p}/contacts`, async (request) => {
    const { email } = parse(EmailQuery, request.query, 'query');
    return { contacts: await store.findContactsByEmail(email) };
  });

  app.post(`${p}/contacts`, async (request, reply) => {
    const key = idempotencyKey(request, true);
    const contact = parse(NewContact, request.body, 'body');
    return answer(reply, await store.createContact(contact, { key, operation: 'POST /contacts' }));
  });

  app.get(`${p}/contacts/:contactId`, async (request) => {
    const { contactId } = parse(ContactParams, request.params, 'path');
    const contact = await store.getContact(contactId);
    if (!contact) throw notFound(`contact ${contactId} not found`);
    return contact;
  });

  app.patch(`${p}/contacts/:contactId`, async (request, reply) => {
    const key = idempotencyKey(request, false);
    const { contactId } = parse(ContactParams, request.params, 'path');
    const fields = parse(ContactUpdate, request.body, 'body');
    const operation = 'PATCH /contacts/{contactId}';
    return answer(
      reply,
      await store.updateTemporaryContact(contactId, fields, key ? { key, operation } : undefined),
    );
  });

  // ---- tickets
  app.post(`${p}/tickets/mobile-updates`, async (request) => {
    const { updates } = parse(BulkMobileUpdateRequest, request.body, 'body');
    refusals.check(
      'mobile-data',
      updates.map((update) => update.ticketId),
    );
    return store.applyMobileUpdates(updates);
  });

  app.get(`${p}/tickets/:ticketId`, async (request) => {
    const { ticketId } = parse(TicketParams, request.params, 'path');
    const ticket = await store.getTicket(ticketId);
    if (!ticket) throw notFound(`ticket "${ticketId}" not found`);
    return ticket;
  });

  app.put(`${p}/tickets/:ticketId/mobile-data`, async (request) => {
    const { ticketId } = parse(TicketParams, request.params, 'path');
    const data = parse(MobileData, request.body, 'body');
    refusals.check('mobile-data', [ticketId]);
    return store.applyMobileUpdate({ ...data, ticketId });
  });

  app.put(`${p}/tickets/:ticketId/cultural-contact`, async (request) => {
    const { ticketId } = parse(TicketParams, request.params, 'path');
    const change = parse(CulturalContactChange, request.body, 'body');
    return store.setCulturalContact(ticketId, change.contactId, change.changedAt);
  });

  // ---- distribution history
  app.get(`${p}/tickets/:ticketId/distribution-lines`, async (request) => {
    const { ticketId } = parse(TicketParams, request.params, 'path');
    return { lines: await store.listDistributionLines(ticketId) };
  });

  app.post(`${p}/tickets/:ticketId/distribution-lines`, async (request, reply) => {
    const key = idempotencyKey(request, true);
    const { ticketId } = parse(TicketParams, request.params, 'path');
    const line = parse(NewDistributionLine, request.body, 'body');
    refusals.check('distribution-lines', [ticketId]);
    const operation = 'POST /tickets/{ticketId}/distribution-lines';
    return answer(reply, await store.addDistributionLine(ticketId, line, { key, operation }));
  });

  app.post(`${p}/tickets/:ticketId/distribution-lines/:lineId/settle`, async (request) => {
    const { ticketId, lineId } = parse(LineParams, request.params, 'path');
    const settle = parse(SettleRequest, request.body, 'body');
    return store.settleDistributionLine(ticketId, lineId, settle.status, settle.settledAt);
  });
}
