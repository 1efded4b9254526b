import fc from 'fast-check';
import type { TransferEvent } from '../../../src/domain/transferEvent';
import { childBatches, transfersByTicket } from '../../../src/workflows/startTransfers';

const step = (
  ticketId: string,
  transferKey: string,
  minute: number,
  status = 'PENDING_TRANSFER',
): TransferEvent => ({
  organizerId: 'org',
  ticketId,
  transferKey,
  status: status as TransferEvent['status'],
  statusChangedAt: new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString(),
  senderEmail: 'a@example.org',
  recipientEmail: 'b@example.org',
});
const keys = (tickets: TransferEvent[][][]) =>
  tickets.map((transfers) =>
    transfers.map((steps) => steps.map((s) => `${s.transferKey}@${s.statusChangedAt.slice(14, 16)}`)),
  );

describe('one ticket’s transfers in TIXNGO’s order (startTransfers)', () => {
  it('groups steps by ticket, first seen first; a ticket’s transfers oldest first, each one’s steps in time order', () => {
    const events = [
      step('T-1', 'newer', 30),
      step('T-2', 'only', 12),
      step('T-1', 'older', 20, 'TRANSFERRED'),
      step('T-1', 'older', 10),
      step('T-1', 'newer', 35, 'TRANSFERRED'),
    ];
    expect(keys(transfersByTicket(events))).toEqual([
      [
        ['older@10', 'older@20'],
        ['newer@30', 'newer@35'],
      ],
      [['only@12']],
    ]);
  });

  it('any steps in any order: each step once, in its ticket, a ticket’s transfers and steps never out of order', () => {
    const arbitraryStep = fc
      .tuple(
        fc.constantFrom('T-1', 'T-2', 'T-3'),
        fc.constantFrom('a', 'b', 'c'),
        fc.integer({ min: 0, max: 59 }),
      )
      .map(([ticketId, key, minute]) => step(ticketId, `${ticketId}-${key}`, minute));
    fc.assert(
      fc.property(fc.array(arbitraryStep, { maxLength: 40 }), (events) => {
        const tickets = transfersByTicket(events);
        expect(tickets.flat(2)).toHaveLength(events.length);
        for (const transfers of tickets) {
          expect(new Set(transfers.flat().map((s) => s.ticketId)).size).toBe(1);
          const firsts = transfers.map((steps) => Date.parse(steps[0]?.statusChangedAt ?? ''));
          expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
          for (const steps of transfers) {
            expect(new Set(steps.map((s) => s.transferKey)).size).toBe(1);
            const times = steps.map((s) => Date.parse(s.statusChangedAt));
            expect(times).toEqual([...times].sort((a, b) => a - b));
          }
        }
      }),
    );
  });

  it('batches whole tickets, at most the limit of transfers, a larger ticket alone, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (sizes, max) => {
          const tickets = sizes.map((size, i) => Array.from({ length: size }, (_, j) => `${i}.${j}`));
          const batches = childBatches(tickets, max);
          expect(batches.flat()).toEqual(tickets);
          for (const batch of batches) {
            const transfers = batch.flat().length;
            expect(transfers <= max || batch.length === 1).toBe(true);
          }
        },
      ),
    );
  });
});
