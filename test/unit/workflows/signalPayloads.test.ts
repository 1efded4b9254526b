import fc from 'fast-check';
import { parseSkipList } from '../../../src/domain/skipList';
import type { TransferEvent } from '../../../src/domain/transferEvent';
import {
  LiveSkipList,
  MAX_LIVE_SKIP_ENTRIES,
  MAX_WARNINGS_PER_SIGNAL,
} from '../../../src/workflows/liveSkipList';
import {
  checkSignalPayload,
  MAX_SIGNAL_ENTRIES,
  SkipEntriesPayload,
  TicketIdsPayload,
} from '../../../src/workflows/signalPayloads';
import { checkSuperseded, checkTransferEvent } from '../../../src/workflows/transferSignalPayloads';

/** What the feedback workflow's skipTickets / unskipTickets handlers do with a payload (src/workflows/feedback.ts). */
function handle(list: LiveSkipList, signal: 'skipTickets' | 'unskipTickets', payload: unknown): string[] {
  const checked = checkSignalPayload(signal, SkipEntriesPayload, payload);
  if (!checked.ok) return [checked.warning];
  return signal === 'skipTickets' ? list.add(checked.value) : list.remove(checked.value);
}

describe('signal payloads (issue 13, item 1)', () => {
  it.each<[string, unknown]>([
    ['a string, not a list', 'id:T-1'],
    ['a number', 42],
    ['an object', { entries: ['id:T-1'] }],
    ['a nested list', [['id:T-1']]],
    ['null', null],
    ['nothing', undefined],
    ['too many entries', Array.from({ length: MAX_SIGNAL_ENTRIES + 1 }, (_, i) => `${i}`)],
    ['a text too long', ['x'.repeat(5_000)]],
  ])('refuses %s with a warning naming the signal', (_name, payload) => {
    const checked = checkSignalPayload('skipTickets', SkipEntriesPayload, payload);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.warning).toMatch(/^signal "skipTickets" refused: expected a list/);
  });

  it('accepts a list of texts', () => {
    expect(checkSignalPayload('resolveRejections', TicketIdsPayload, ['T-1'])).toEqual({
      ok: true,
      value: ['T-1'],
    });
  });

  it('no payload makes a skip-list handler throw, and the list a page gets always parses', () => {
    const anyPayload = fc.oneof(
      fc.anything(),
      fc.array(fc.string()),
      fc.array(fc.oneof(fc.string(), fc.constantFrom('id:', 'id:T#1', 'ID: T-1 ', ',', 'id:T-1,1001'))),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('skipTickets' as const, 'unskipTickets' as const), anyPayload)),
        (signals) => {
          const list = new LiveSkipList(['id:T#1', 'id:T-1']);
          for (const [signal, payload] of signals) handle(list, signal, payload);
          expect(() => parseSkipList(list.usable)).not.toThrow();
          expect(list.all.length).toBeLessThanOrEqual(MAX_LIVE_SKIP_ENTRIES + 2);
        },
      ),
    );
  });

  it('no payload makes a transfer signal check throw', () => {
    const first: TransferEvent = {
      organizerId: 'org',
      ticketId: 'T-1',
      transferKey: 'k-1',
      status: 'PENDING_TRANSFER',
      statusChangedAt: '2026-11-23T10:00:00Z',
      senderEmail: 'a@example.org',
      recipientEmail: 'b@example.org',
    };
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        expect(checkTransferEvent(payload, first).ok).toBe(false);
        expect(checkSuperseded(payload).ok).toBe(false);
      }),
    );
    expect(checkTransferEvent({ ...first, status: 'TRANSFERRED' }, first).ok).toBe(true);
    expect(checkTransferEvent({ ...first, transferKey: 'k-2' }, first)).toEqual({
      ok: false,
      warning: expect.stringMatching(/another transfer/),
    });
    expect(checkSuperseded({ byTransferKey: 'k-2', status: 'CANCELLED' }).ok).toBe(true);
  });
});

describe('the live skip list (issue 13, item 2)', () => {
  it('keeps the valid entries of a signal and refuses the others, naming them', () => {
    const list = new LiveSkipList([]);
    const warnings = list.add(['id:T#1', 'id:', ' ID: T-3 , 1001']);
    expect(list.all).toEqual(['id:T-3', '1001']);
    expect(warnings).toEqual([
      expect.stringMatching(/"id:T#1" is not a ticket id/),
      expect.stringMatching(/"id:" has no ticket id/),
    ]);
  });

  it('keeps a carried entry that does not parse, never hands it to a page, and unskip removes it', () => {
    const list = new LiveSkipList(['id:T#1', 'ID:T-5']);
    expect(list.all).toEqual(['id:T#1', 'id:T-5']);
    expect(list.usable).toEqual(['id:T-5']);
    expect(list.unusableWarnings()).toEqual([expect.stringMatching(/"id:T#1".*remove it with unskip/)]);
    expect(list.remove([' id: T#1'])).toEqual([]);
    expect(list.all).toEqual(['id:T-5']);
  });

  it('unskip says which entries were not in the list', () => {
    const list = new LiveSkipList(['1001']);
    expect(list.remove(['1001', '1002'])).toEqual([
      expect.stringMatching(/"1002" is not in the live skip list/),
    ]);
    expect(list.all).toEqual([]);
  });

  it('is bounded', () => {
    const list = new LiveSkipList([]);
    list.add(Array.from({ length: MAX_LIVE_SKIP_ENTRIES }, (_, i) => `${i}`));
    expect(list.add(['id:T-1'])).toEqual([expect.stringMatching(/full/)]);
    expect(list.all).toHaveLength(MAX_LIVE_SKIP_ENTRIES);
  });
});

describe('warnings of one signal are bounded', () => {
  it('lists the first refused entries and counts the rest', () => {
    const list = new LiveSkipList([]);
    const warnings = list.add(Array.from({ length: 50 }, (_, i) => `id:T#${i}`));
    expect(warnings).toHaveLength(MAX_WARNINGS_PER_SIGNAL);
    expect(warnings.at(-1)).toBe('signal "skipTickets": 41 more entries refused.');
    expect(list.remove(Array.from({ length: 50 }, (_, i) => `${i}`))).toHaveLength(MAX_WARNINGS_PER_SIGNAL);
  });
});
