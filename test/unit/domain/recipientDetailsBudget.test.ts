import type { DiffItem } from '../../../src/domain/diffItem';
import {
  boundRecipientDetails,
  transferEventOf,
  type TransferEvent,
} from '../../../src/domain/transferEvent';

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

describe('the sender’s details (the wallet owner before TRANSFERRED)', () => {
  const item = (status: string, ownerEmail: string) =>
    ({
      ticketId: 'T-9',
      status,
      statusChangedAt: '2026-11-23T10:00:00Z',
      spectatorDetails: { firstName: 'Eve', email: ownerEmail },
      transfer: { senderEmail: 'Eve@Example.org', recipientEmail: 'finn@example.org' },
    }) as DiffItem;

  it('go with a step that is not yet accepted, only when the owner’s e-mail is the sender’s; never as the recipient’s', () => {
    for (const status of ['PENDING_TRANSFER', 'PENDING', 'FAILURE_TRANSFER', 'FAILURE']) {
      const event = transferEventOf('org', item(status, ' eve@example.ORG'), 'k');
      expect([event?.sender, event?.recipient]).toEqual([
        { firstName: 'Eve', email: 'eve@example.org' },
        undefined,
      ]);
    }
    expect(
      transferEventOf('org', item('PENDING_TRANSFER', 'someone@example.org'), 'k')?.sender,
    ).toBeUndefined();
    // Accepted: the owner is the recipient.
    expect(transferEventOf('org', item('TRANSFERRED', 'eve@example.org'), 'k')?.sender).toBeUndefined();
  });

  it('count in the same budget, and past it are dropped with a mark', () => {
    const withSender = (ticketId: string): TransferEvent => ({
      ...step(ticketId),
      sender: { firstName: 'Eve', email: 'a@example.org' },
    });
    const events = [withSender('T-1'), step('T-2', 'Ana'), withSender('T-3')];
    const budget = JSON.stringify(events[0]?.sender).length + size('T-2', 'Ana');
    const bounded = boundRecipientDetails(events, budget);
    expect(bounded.slice(0, 2)).toEqual(events.slice(0, 2));
    const { sender: _dropped, ...slim } = events[2] as TransferEvent;
    expect(bounded[2]).toEqual({ ...slim, senderDetailsOmitted: true });
  });
});
