/** Diff items as TIXNGO sends them, for tests. */
export const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();

export function ticket(
  ticketId: string,
  status: string,
  minute: number,
  extra: Record<string, unknown> = {},
) {
  return { ticketId, taxNumber: `tax-${ticketId}`, status, statusChangedAt: at(minute), ...extra };
}

/** A field of `length` characters of 3 UTF-8 bytes each (the largest a field of that length can be). */
export const wide = (length: number, seed: string): string => (seed + '€'.repeat(length)).slice(0, length);

/**
 * The largest transfer step TIXNGO may send (every field a page summary carries at its maximum):
 * 256-character ids, 256 wide characters of tax number and transfer id, 320-character e-mails.
 */
export function largestTransfer(i: number, status = 'TRANSFERRED') {
  const id = `${String(i).padStart(6, '0')}-${'X'.repeat(249)}`;
  const email = (who: string) => `${wide(150, `${who}${i}`)}@${wide(169, 'd')}`;
  const recipientEmail = email('r');
  return ticket(id, status, 10, {
    taxNumber: wide(256, `t${i}`),
    eventId: wide(256, 'e'),
    transfer: { id: wide(256, `tr${i}`), senderEmail: email('s'), recipientEmail, initiatedAt: at(5) },
    spectatorDetails: {
      title: wide(64, 't'),
      firstName: wide(256, 'f'),
      lastName: wide(256, 'l'),
      idCardNumber: wide(128, 'i'),
      email: recipientEmail,
    },
  });
}
