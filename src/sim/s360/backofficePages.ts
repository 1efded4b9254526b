import type { SpectatorDetails } from '../../domain/spectator';
import type { DistributionLine, S360Contact, S360Ticket } from '../../s360/api';
import { html, trusted, type SafeHtml } from './html';
import type { TicketOverview } from './tickets';

/** "2026-11-23 09:05:00 UTC": what an operator reads, from an RFC 3339 time. */
export function displayTime(value: string | null): string {
  if (!value) return '—';
  return `${value.slice(0, 10)} ${value.slice(11, 19)} UTC`;
}

const STYLE = trusted(`
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
  header { background: #1f3a5f; color: #fff; padding: 12px 24px; }
  header h1 { font-size: 18px; margin: 0; }
  header p { margin: 4px 0 0; font-size: 12px; opacity: .85; }
  main { padding: 16px 24px 40px; }
  section { background: #fff; border: 1px solid #d8dee5; border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e6eaee; vertical-align: top; }
  th { background: #eef2f6; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
  dl { display: grid; grid-template-columns: 200px 1fr; gap: 4px 12px; margin: 0; }
  dt { color: #5a6773; } dd { margin: 0; }
  a { color: #1f5fa8; }
  .muted { color: #7a8590; font-size: 12px; }
  .nowrap { white-space: nowrap; }
  .find { margin: 0 0 16px; display: flex; gap: 8px; align-items: center; }
  .find input { padding: 4px 8px; min-width: 280px; }
  .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600;
           background: #e6eaee; }
  .status-PENDING { background: #fff1cc; color: #7a5600; }
  .status-CONFIRMED { background: #d9f2df; color: #1d6b33; }
  .status-CANCELLED { background: #fbdcdc; color: #8a1f1f; }
  .temporary { background: #fde7c8; color: #8a4b00; }
  .mobile { background: #e1ecfa; color: #1f4f8a; }
`);

export const READ_ONLY_NOTE =
  'Read-only view of the simulator, without login (the API itself needs a key). Simulator data only.';

function layout(title: string, storeDescription: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · S-360 simulator</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <header>
          <h1>S-360 simulator · Back office</h1>
          <p>${READ_ONLY_NOTE} Store: ${storeDescription}.</p>
        </header>
        <main>${body}</main>
      </body>
    </html> `.value;
}

function personName(person: SpectatorDetails | null): SafeHtml {
  if (!person) return html`<span class="muted">—</span>`;
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
  return html`${name || '(no name)'}${person.email ? html`<br /><span class="muted">${person.email}</span>` : ''}`;
}

export function contactLabel(contactId: number | null, contacts: ReadonlyMap<number, S360Contact>): SafeHtml {
  if (contactId === null) return html`<span class="muted">—</span>`;
  const contact = contacts.get(contactId);
  if (!contact) return html`#${contactId} <span class="muted">(unknown)</span>`;
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return html`${name} <span class="muted">#${contactId}</span>${
      contact.temporary ? html` <span class="badge temporary">temporary</span>` : ''
    }<br /><span class="muted">${contact.email}</span>`;
}

const ticketLink = (ticketId: string): SafeHtml =>
  html`<a href="/backoffice/tickets/${encodeURIComponent(ticketId)}">${ticketId}</a>`;

const mobileBadge = (status: string | null): SafeHtml =>
  status ? html`<span class="badge mobile">${status}</span>` : html`<span class="muted">—</span>`;

export interface OverviewData {
  storeDescription: string;
  tickets: { total: number; tickets: TicketOverview[] };
  contacts: { total: number; contacts: S360Contact[] };
  /** Cultural contacts of the listed tickets. */
  culturalContacts: ReadonlyMap<number, S360Contact>;
}

export function overviewPage(data: OverviewData): string {
  const { tickets, contacts } = data;
  return layout(
    'Tickets and contacts',
    data.storeDescription,
    html`<form method="get" action="/backoffice/find" class="find">
        <label for="find-ticket">Open a ticket by ticket id or tax number</label>
        <input id="find-ticket" name="q" required maxlength="256" />
        <button type="submit">Open</button>
      </form>
      <section aria-labelledby="tickets">
        <h2 id="tickets">Tickets</h2>
        <p class="muted">${tickets.tickets.length} of ${tickets.total}, most recently changed first.</p>
        <table>
          <thead>
            <tr>
              <th>Ticket</th>
              <th>Tax number</th>
              <th>Mobile status</th>
              <th>Status changed (TIXNGO)</th>
              <th>Wallet owner</th>
              <th>Holder</th>
              <th>Cultural contact</th>
              <th>Distribution lines</th>
            </tr>
          </thead>
          <tbody>
            ${tickets.tickets.map(
              (ticket) =>
                html` <tr>
                  <td class="nowrap">${ticketLink(ticket.ticketId)}</td>
                  <td>${ticket.taxNumber ?? '—'}</td>
                  <td>${mobileBadge(ticket.mobileStatus)}</td>
                  <td class="nowrap">${displayTime(ticket.statusChangedAt)}</td>
                  <td>${personName(ticket.walletOwner)}</td>
                  <td>${personName(ticket.holder)}</td>
                  <td>${contactLabel(ticket.culturalContactId, data.culturalContacts)}</td>
                  <td>${ticket.lines}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="contacts">
        <h2 id="contacts">Contacts</h2>
        <p class="muted">${contacts.contacts.length} of ${contacts.total}, newest first.</p>
        <table>
          <thead>
            <tr>
              <th>Contact</th>
              <th>Name</th>
              <th>E-mail</th>
              <th>Structure</th>
              <th>Internet account</th>
              <th>Kind</th>
            </tr>
          </thead>
          <tbody>
            ${contacts.contacts.map(
              (contact) =>
                html` <tr>
                  <td>#${contact.contactId}</td>
                  <td>${[contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ')}</td>
                  <td>${contact.email}</td>
                  <td>${contact.structure === 'INDIVIDUAL' ? 'Individual' : 'Relay'}</td>
                  <td>${contact.hasInternetAccount ? 'yes' : 'no'}</td>
                  <td>
                    ${contact.temporary ? html`<span class="badge temporary">temporary</span>` : 'normal'}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`,
  );
}

export interface TicketPageData {
  storeDescription: string;
  ticket: S360Ticket;
  lines: DistributionLine[];
  /** Every contact the ticket and its lines name. */
  contacts: ReadonlyMap<number, S360Contact>;
}

export function ticketPage(data: TicketPageData): string {
  const { ticket, lines, contacts } = data;
  const extraInfo = Object.entries(ticket.extraInfo);
  return layout(
    `Ticket ${ticket.ticketId}`,
    data.storeDescription,
    html` <p><a href="/backoffice">← All tickets and contacts</a></p>
      <section aria-labelledby="details">
        <h2 id="details">Ticket details · ${ticket.ticketId}</h2>
        <dl>
          <dt>Tax number</dt>
          <dd>${ticket.taxNumber ?? '—'}</dd>
          <dt>Mobile status</dt>
          <dd>${mobileBadge(ticket.mobileStatus)}</dd>
          <dt>Status changed (TIXNGO)</dt>
          <dd>${displayTime(ticket.statusChangedAt)}</dd>
          <dt>Wallet owner</dt>
          <dd>${personName(ticket.walletOwner)}</dd>
          <dt>Holder</dt>
          <dd>${personName(ticket.holder)}</dd>
          <dt>Cultural contact</dt>
          <dd>${contactLabel(ticket.culturalContactId, contacts)}</dd>
          <dt>Beacon name</dt>
          <dd>${ticket.beaconName ?? '—'}</dd>
          <dt>Extra info</dt>
          <dd>
            ${extraInfo.length === 0 ? '—' : extraInfo.map(([name, value]) => html`${name}: ${value}<br />`)}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="distribution">
        <h2 id="distribution">Distribution history</h2>
        ${
          lines.length === 0
            ? html`<p class="muted">No distribution yet.</p>`
            : html` <table id="distribution-history">
                <thead>
                  <tr>
                    <th>Date</th>
                    <th>Action</th>
                    <th>Old contact</th>
                    <th>New contact</th>
                    <th>Status</th>
                    <th>By</th>
                  </tr>
                </thead>
                <tbody>
                  ${lines.map(
                    (line) =>
                      html` <tr>
                        <td class="nowrap">${displayTime(line.occurredAt)}</td>
                        <td>${line.action}</td>
                        <td>${contactLabel(line.oldContactId, contacts)}</td>
                        <td>${contactLabel(line.newContactId, contacts)}</td>
                        <td>
                          <span class="badge status-${line.status}">${line.status}</span>${
                            line.settledAt
                              ? html`<br /><span class="muted">settled ${displayTime(line.settledAt)}</span>`
                              : ''
                          }
                        </td>
                        <td>
                          ${line.by}${
                            line.transferId
                              ? html`<br /><span class="muted">transfer ${line.transferId}</span>`
                              : ''
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      <section aria-labelledby="mobile-history">
        <h2 id="mobile-history">Mobile status history</h2>
        ${
          ticket.statusHistory.length === 0
            ? html`<p class="muted">TIXNGO has reported nothing yet.</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>Status</th>
                    <th>Changed at (TIXNGO)</th>
                  </tr>
                </thead>
                <tbody>
                  ${ticket.statusHistory.map(
                    (change) =>
                      html`<tr>
                        <td>${mobileBadge(change.status)}</td>
                        <td>${displayTime(change.at)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>`,
  );
}

export function notFoundPage(storeDescription: string, what: string): string {
  return layout(
    'Not found',
    storeDescription,
    html`<p><a href="/backoffice">← All tickets and contacts</a></p>
      <section>
        <h2>Not found</h2>
        <p>${what}</p>
      </section>`,
  );
}
