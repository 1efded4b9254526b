import { boundRecipientDetails, type TransferEvent } from '../../../src/domain/transferEvent';

const step = (ticketId: string, firstName?: string): TransferEvent => ({
  organizerId: 'org',
  ticketId,
  transferKey: `k-${ticketId}`,
  status: firstName ? 'TRANSFERRED' : 'PENDING_TRANSFER',
  statusChangedAt: '2026-11-23T10:00:00Z',
  senderEmail: 'a@example.org',
  recipientEmail: 'b@example.org',
  recipient: firstName ? { firstName, email: 'b@example.org' } : undefined,
});
const size = (ticketId: string, firstName: string) =>
  JSON.stringify(step(ticketId, firstName).recipient).length;

describe('the recipients’ details a page summary carries are bounded', () => {
  it('keeps every detail within the budget and changes nothing then', () => {
    const events = [step('T-1', 'Ana'), step('T-2'), step('T-3', 'Ben')];
    expect(boundRecipientDetails(events, 10_000)).toEqual(events);
  });

  it('past the budget, later steps lose the details and say so; steps without details are untouched', () => {
    const events = [step('T-1', 'Ana'), step('T-2'), step('T-3', 'Ben'), step('T-4', 'Cleo')];
    const bounded = boundRecipientDetails(events, size('T-1', 'Ana') + size('T-3', 'Ben'));
    expect(bounded.slice(0, 3)).toEqual(events.slice(0, 3));
    const { recipient: _dropped, ...slim } = events[3] as TransferEvent;
    expect(bounded[3]).toEqual({ ...slim, recipientDetailsOmitted: true });
    expect(bounded[3]).not.toHaveProperty('recipient');
    expect(events[3]?.recipient).toEqual({ firstName: 'Cleo', email: 'b@example.org' }); // not changed in place
  });
});
