/**
 * The back-office page, in real headless Chromium (Debian's, installed by scripts/setup-debian-packages.sh):
 * an operator sees a seeded ticket's details and distribution history as S-360 shows them.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { FEEDBACK_AUTHOR } from '../../src/domain/distribution';
import { uniqueSuffix } from '../support/env';
import { at, emailFor, startSimulatedS360, type SimulatedS360 } from './support/simulators';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Set BACKOFFICE_SCREENSHOT_DIR to look at the pages as the test saw them. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.BACKOFFICE_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/backoffice-${name}.png`, fullPage: true });
}

async function cellsOf(page: Page, rows: string): Promise<string[][]> {
  return page
    .locator(rows)
    .evaluateAll((elements) =>
      elements.map((row) =>
        Array.from(row.querySelectorAll('td'), (cell) =>
          (cell as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

describe('back-office page in headless Chromium', () => {
  let s: SimulatedS360;
  let browser: Browser;
  const ticketId = `EV1/T-${uniqueSuffix()}`;
  const recipientEmail = emailFor('rita');
  const thirdEmail = emailFor('mallory');

  beforeAll(async () => {
    s = await startSimulatedS360('backoffice', 'postgresql');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    // A ticket sold to Sam; Sam transfers it to Rita (unknown to S-360), who accepts; then Rita starts a
    // transfer to a third person who rejects it.
    const sender = await s.s360.createContact(
      { email: emailFor('sam'), firstName: 'Sam', lastName: 'Sender', hasInternetAccount: true },
      { idempotencyKey: `c:sam:${ticketId}` },
    );
    await s.sim.store.seedTicket({ ticketId, taxNumber: '4200017', culturalContactId: sender.contactId });
    await s.s360.applyMobileUpdate({ ticketId, mobileStatus: 'DOWNLOADED', statusChangedAt: at(0) });

    const recipient = await s.s360.createContact(
      { email: recipientEmail, temporary: true, hasInternetAccount: true },
      { idempotencyKey: `c:rita:${ticketId}` },
    );
    const first = await s.s360.addDistributionLine(
      ticketId,
      {
        oldContactId: sender.contactId,
        newContactId: recipient.contactId,
        occurredAt: at(30),
        by: FEEDBACK_AUTHOR,
        transferId: 'tr-1',
      },
      { idempotencyKey: `distribution:${ticketId}:tr-1` },
    );
    await s.s360.updateTemporaryContact(recipient.contactId, { firstName: 'Rita', lastName: 'Recipient' });
    await s.s360.setCulturalContact(ticketId, recipient.contactId, at(35));
    await s.s360.settleDistributionLine(ticketId, first.lineId, 'CONFIRMED', at(35));
    await s.s360.applyMobileUpdate({
      ticketId,
      mobileStatus: 'TRANSFERRED',
      statusChangedAt: at(35),
      walletOwner: { firstName: 'Rita', lastName: 'Recipient', email: recipientEmail },
    });

    const third = await s.s360.createContact(
      { email: thirdEmail, firstName: '<img src=x onerror=alert(1)>', lastName: 'Third' },
      { idempotencyKey: `c:third:${ticketId}` },
    );
    const second = await s.s360.addDistributionLine(
      ticketId,
      {
        oldContactId: recipient.contactId,
        newContactId: third.contactId,
        occurredAt: at(40),
        by: FEEDBACK_AUTHOR,
        transferId: 'tr-2',
      },
      { idempotencyKey: `distribution:${ticketId}:tr-2` },
    );
    await s.s360.settleDistributionLine(ticketId, second.lineId, 'CANCELLED', at(45));
    await s.s360.createContact(
      { email: emailFor('pending'), temporary: true },
      { idempotencyKey: `c:pending:${ticketId}` },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('shows the ticket with its mobile status, owner and cultural contact, and marks temporary contacts', async () => {
    const page = await browser.newPage();
    await page.goto(`${s.sim.url}/backoffice`);
    await expect(page.title()).resolves.toBe('Tickets and contacts · S-360 simulator');

    const ticketRow = page.locator('section[aria-labelledby="tickets"] tbody tr', { hasText: ticketId });
    const [cells] = await cellsOf(
      page,
      `section[aria-labelledby="tickets"] tbody tr:has-text("${ticketId}")`,
    );
    expect(await ticketRow.count()).toBe(1);
    expect(cells).toEqual([
      ticketId,
      '4200017',
      'TRANSFERRED',
      '2026-11-23 09:35:00 UTC',
      `Rita Recipient ${recipientEmail}`,
      '—',
      expect.stringMatching(new RegExp(`^Rita Recipient #\\d+ ${recipientEmail.replace(/\./g, '\\.')}$`)),
      '2',
    ]);

    const contacts = await cellsOf(page, 'section[aria-labelledby="contacts"] tbody tr');
    expect(contacts.filter((row) => row[5] === 'temporary').map((row) => row[1])).toEqual([
      'Pending CREATION',
    ]);
    expect(contacts.find((row) => row[2] === thirdEmail)?.[1]).toBe('<img src=x onerror=alert(1)> Third');
    expect(await page.locator('img').count()).toBe(0);
    await screenshot(page, 'overview');
    await page.close();
  });

  it('shows a seeded ticket’s distribution history: date, action, old contact, new contact, status', async () => {
    const page = await browser.newPage();
    await page.goto(`${s.sim.url}/backoffice`);
    await page.getByRole('link', { name: ticketId }).click();
    await page.waitForURL(`**/backoffice/tickets/${encodeURIComponent(ticketId)}`);

    const heading = page.getByRole('heading', { name: 'Distribution history' });
    expect(await heading.isVisible()).toBe(true);
    const history = await cellsOf(page, '#distribution-history tbody tr');
    expect(history).toEqual([
      [
        '2026-11-23 09:30:00 UTC',
        'Distribute',
        expect.stringMatching(/^Sam Sender #\d+ /),
        expect.stringMatching(/^Rita Recipient #\d+ /),
        'CONFIRMED settled 2026-11-23 09:35:00 UTC',
        `${FEEDBACK_AUTHOR} transfer tr-1`,
      ],
      [
        '2026-11-23 09:40:00 UTC',
        'Distribute',
        expect.stringMatching(/^Rita Recipient #\d+ /),
        expect.stringMatching(/^<img src=x onerror=alert\(1\)> Third #\d+ /),
        'CANCELLED settled 2026-11-23 09:45:00 UTC',
        `${FEEDBACK_AUTHOR} transfer tr-2`,
      ],
    ]);
    const details = await page.locator('section[aria-labelledby="details"] dl').innerText();
    expect(details).toContain('Cultural contact\nRita Recipient');
    expect(details).toContain('Mobile status\nTRANSFERRED');

    await screenshot(page, 'ticket');
    await page.close();
  });

  it('opens a ticket by its tax number from the overview', async () => {
    const page = await browser.newPage();
    await page.goto(`${s.sim.url}/backoffice`);
    await page.getByLabel('Open a ticket by ticket id or tax number').fill('4200017');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(`**/backoffice/tickets/${encodeURIComponent(ticketId)}`);
    expect(await page.getByRole('heading', { name: `Ticket details · ${ticketId}` }).isVisible()).toBe(true);
    await page.close();
  });

  it('answers an unknown ticket with a readable 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${s.sim.url}/backoffice/tickets/nope-${uniqueSuffix()}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('main').innerText()).toContain('There is no ticket "nope-');
    await page.close();
  });
});
