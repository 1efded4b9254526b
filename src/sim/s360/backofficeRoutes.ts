import type { FastifyInstance } from 'fastify';
import { notFoundPage, overviewPage, ticketPage } from './backofficePages';
import type { S360Store } from './store';

/** How many tickets and contacts the overview lists (the benchmark loads 100k). */
const OVERVIEW_LIMIT = 200;

/** The back-office page: server-rendered, read-only, no login (simulator only). */
export function registerBackofficeRoutes(app: FastifyInstance, store: S360Store): void {
  app.get('/', async (_request, reply) => reply.redirect('/backoffice'));

  app.get('/backoffice', async (_request, reply) => {
    const [tickets, contacts] = await Promise.all([
      store.listTickets(OVERVIEW_LIMIT),
      store.listContacts(OVERVIEW_LIMIT),
    ]);
    const culturalIds = tickets.tickets.flatMap((ticket) =>
      ticket.culturalContactId === null ? [] : [ticket.culturalContactId],
    );
    const culturalContacts = await store.contactsById(culturalIds);
    return reply
      .type('text/html; charset=utf-8')
      .send(overviewPage({ storeDescription: store.description, tickets, contacts, culturalContacts }));
  });

  app.get<{ Querystring: { q?: string } }>('/backoffice/find', async (request, reply) => {
    const wanted = (request.query.q ?? '').trim();
    const ticketId = wanted ? await store.findTicketId(wanted) : undefined;
    if (ticketId) return reply.redirect(`/backoffice/tickets/${encodeURIComponent(ticketId)}`);
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(notFoundPage(store.description, `No ticket has the id or tax number "${wanted}".`));
  });

  app.get<{ Params: { ticketId: string } }>('/backoffice/tickets/:ticketId', async (request, reply) => {
    const { ticketId } = request.params;
    const ticket = await store.getTicket(ticketId);
    void reply.type('text/html; charset=utf-8');
    if (!ticket) {
      return reply.code(404).send(notFoundPage(store.description, `There is no ticket "${ticketId}".`));
    }
    const lines = await store.listDistributionLines(ticketId);
    const contacts = await store.contactsById([
      ...(ticket.culturalContactId === null ? [] : [ticket.culturalContactId]),
      ...lines.flatMap((line) => [
        line.newContactId,
        ...(line.oldContactId === null ? [] : [line.oldContactId]),
      ]),
    ]);
    return reply.send(ticketPage({ storeDescription: store.description, ticket, lines, contacts }));
  });
}
