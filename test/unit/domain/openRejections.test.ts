import fc from 'fast-check';
import { MAX_OPEN_REJECTIONS, MAX_OPEN_REJECTIONS_BYTES } from '../../../src/workflows/definitions';
import { mergeOpenRejections, skipsAnyRejection } from '../../../src/workflows/openRejections';
import { jsonBytes } from '../../../src/domain/payloadSize';

const rejection = (ticketId: string | undefined, index: number, raw = '') => ({
  ticketId,
  index,
  path: 'status',
  reason: 'unknown status "RESALE_LISTED"',
  raw,
});

describe('open rejections (issue 13 item 5)', () => {
  it('are never dropped: whatever the pages, every rejection seen is open, or the merge says why it halts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.record({
              id: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
              index: fc.integer({ min: 0, max: 50 }),
              raw: fc.integer({ min: 0, max: 3000 }),
            }),
            { maxLength: 60 },
          ),
          { maxLength: 15 },
        ),
        (pages) => {
          let open = mergeOpenRejections([], { rejected: [], resolvedRejections: [] }, undefined, 't').open;
          for (const [n, page] of pages.entries()) {
            const rejected = page.map((item) =>
              rejection(item.id === undefined ? undefined : `T-${item.id}`, item.index, 'x'.repeat(item.raw)),
            );
            const merged = mergeOpenRejections(open, { rejected, resolvedRejections: [] }, `k${n}`, 't');
            if (merged.overflow !== undefined) {
              expect(merged.open).toEqual(open); // halts: nothing changes, nothing is lost
              expect(merged.overflow).toContain('None is dropped');
              // It says what to skip (the new rejections' entries), so an operator can act on it.
              expect(merged.overflow).toContain('skip them (skipTickets: ');
              return;
            }
            for (const item of rejected) {
              expect(
                merged.open.some((o) =>
                  item.ticketId !== undefined
                    ? o.ticketId === item.ticketId
                    : o.index === item.index && o.pageKey === `k${n}`,
                ),
              ).toBe(true);
            }
            expect(merged.open.length).toBeLessThanOrEqual(MAX_OPEN_REJECTIONS);
            expect(jsonBytes(merged.open)).toBeLessThanOrEqual(MAX_OPEN_REJECTIONS_BYTES);
            open = merged.open;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a rejection seen again (the page read again) stays once, with or without a ticket id', () => {
    const page = { rejected: [rejection('T-1', 0), rejection(undefined, 1)], resolvedRejections: [] };
    const first = mergeOpenRejections([], page, 'k', 'then').open;
    const again = mergeOpenRejections(first, page, 'k', 'now').open;
    expect(again).toEqual(first);
  });
});

describe('skipping a ticket closes its open rejections (fault 3)', () => {
  it('by ticket id or by tax number, also a rejection whose ticket id no skip entry can name', () => {
    const open = [
      { ...rejection('T-1', 0), firstSeenAt: 't' },
      { ...rejection('S-3\u0000', 1), taxNumber: 'TX-S3', firstSeenAt: 't' },
      { ...rejection('T-4', 2), taxNumber: 'tax-T-4', firstSeenAt: 't' },
      { ...rejection('T-5', 3), firstSeenAt: 't' },
    ];
    const page = { rejected: [rejection('T-6', 0)], resolvedRejections: [] };
    const merged = mergeOpenRejections(open, page, 'k', 't', ['id:T-1', 'TX-S3', 'tax-T-4', 'id:T-6']);
    expect(merged.open.map((item) => item.ticketId)).toEqual(['T-5']);
  });
});

describe('whether a skip entry names a rejection (the skipped-rejections-close marker is written only then)', () => {
  it('true exactly when the merge with the skip list differs from the merge without it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('T-1', 'T-2', 'T-3', undefined), { maxLength: 4 }),
        fc.array(fc.constantFrom('T-1', 'T-2', 'T-3', undefined), { maxLength: 4 }),
        fc.array(fc.constantFrom('id:T-1', 'id:T-2', 'tax-9'), { maxLength: 2 }),
        (openIds, pageIds, skipTickets) => {
          const open = mergeOpenRejections(
            [],
            { rejected: openIds.map((id, i) => rejection(id, i)), resolvedRejections: [] },
            'k0',
            'now',
          ).open;
          const page = { rejected: pageIds.map((id, i) => rejection(id, 10 + i)), resolvedRejections: [] };
          const withSkips = mergeOpenRejections(open, page, 'k1', 'now', skipTickets).open;
          const without = mergeOpenRejections(open, page, 'k1', 'now').open;
          const differs = JSON.stringify(withSkips) !== JSON.stringify(without);
          expect(skipsAnyRejection(open, page.rejected, skipTickets)).toBe(differs);
        },
      ),
    );
  });
});

describe('a valid change of the page closes a rejection only if it is not older than the rejected change', () => {
  const raw = (minute: number) =>
    JSON.stringify({
      ticketId: 'T-1',
      status: 'RESALE_LISTED',
      statusChangedAt: `2026-11-20T10:${minute}:00Z`,
    });
  const open = mergeOpenRejections(
    [],
    { rejected: [rejection('T-1', 0, raw(30))], resolvedRejections: [] },
    'k0',
    't',
  ).open;
  const after = (changedAt: string | undefined) =>
    mergeOpenRejections(
      open,
      {
        rejected: [],
        resolvedRejections: ['T-1'],
        ...(changedAt === undefined ? {} : { resolvedChanges: { 'T-1': changedAt } }),
      },
      'k1',
      't',
    ).open.length;

  it('older: stays open; as old or newer: closed; no time (a skip, an older worker): closed', () => {
    expect(after('2026-11-20T10:10:00Z')).toBe(1);
    expect(after('2026-11-20T10:30:00Z')).toBe(0);
    expect(after('2026-11-20T10:40:00Z')).toBe(0);
    expect(after(undefined)).toBe(0);
  });
});
