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
