import { parseDiffDocument, DiffDocumentError } from '../../../src/domain/diffDocument';
import {
  FUTURE_TOLERANCE_MS,
  validateDiffItem,
  validateDiffItems,
  type DiffItem,
} from '../../../src/domain/diffItem';
import { LIFECYCLE_STATUSES } from '../../../src/domain/lifecycleStatus';

const base = {
  ticketId: 'T-1',
  taxNumber: '1001',
  eventId: 'E-1',
  status: 'DOWNLOADED',
  statusChangedAt: '2026-11-23T09:00:00Z',
};

const anna = {
  title: 'Ms',
  firstName: 'Anna',
  lastName: 'Meier',
  dateOfBirth: '1990-04-01',
  email: 'anna.meier@example.org',
  nationality: 'CH',
  idCardNumber: 'X1234567',
  phoneNumber: '+41790000000',
  residenceCountry: 'CH',
  language: 'de',
  organizerSpectatorPreference: { allowPromoEmail: true, allowThirdPartyEmail: false },
};

describe('one ticket of the diff (SPEC §10)', () => {
  it.each(LIFECYCLE_STATUSES)('a ticket in status %s is valid', (status) => {
    expect(validateDiffItem({ ...base, status })).toEqual({ ok: true, item: { ...base, status } });
  });

  it('reads the full payload: wallet owner, holder, transfer, beacon name, extra info', () => {
    const raw = {
      ...base,
      status: 'TRANSFERRED',
      spectatorDetails: anna,
      holder: { firstName: 'Ben', lastName: 'Meier' },
      transfer: {
        id: 'TR-9',
        senderEmail: 'carl@example.org',
        recipientEmail: 'anna.meier@example.org',
        initiatedAt: '2026-11-23T08:55:00+01:00',
      },
      beaconName: 'Gate A',
      extraInfo: { ExtraInfo1: 'Block C', ExtraInfo2: 'Row 4' },
    };
    expect(validateDiffItem(raw)).toEqual({ ok: true, item: raw });
  });

  it('reads null fields as absent', () => {
    const result = validateDiffItem({
      ...base,
      beaconName: null,
      holder: null,
      spectatorDetails: { firstName: 'Anna', email: null, organizerSpectatorPreference: null },
    });
    expect(result).toEqual({ ok: true, item: { ...base, spectatorDetails: { firstName: 'Anna' } } });
  });

  it('ignores fields it does not know (forward compatible)', () => {
    expect(validateDiffItem({ ...base, walletId: 'w-1' })).toEqual({ ok: true, item: base });
  });

  it.each([
    ['ticket ids of up to 256 characters', 'x'.repeat(256)],
    ['letters, digits, spaces and *.-_+/()', 'Ab 09*.-_+/()'],
  ])('accepts %s', (_name, ticketId) => {
    expect(validateDiffItem({ ...base, ticketId }).ok).toBe(true);
  });

  // what is wrong, the raw change, the ticket id reported, the path, the reason
  it.each<[string, Record<string, unknown>, string | undefined, string, string | RegExp]>([
    ['an unknown status', { status: 'RECEIVED' }, 'T-1', 'status', 'unknown status "RECEIVED"'],
    ['a missing status', { status: undefined }, 'T-1', 'status', 'status is required'],
    ['a lower-case status', { status: 'downloaded' }, 'T-1', 'status', 'unknown status "downloaded"'],
    ['no ticket id', { ticketId: undefined }, undefined, 'ticketId', /expected string/],
    ['an empty ticket id', { ticketId: '' }, undefined, 'ticketId', /too small/i],
    ['a ticket id with "#"', { ticketId: 'T#1' }, 'T#1', 'ticketId', /only letters, digits/],
    ['a ticket id over 256', { ticketId: 'x'.repeat(257) }, undefined, 'ticketId', /too big/i],
    ['a tax number over 256', { taxNumber: 'x'.repeat(257) }, 'T-1', 'taxNumber', /too big/i],
    [
      'a time without a zone',
      { statusChangedAt: '2026-11-23T09:00:00' },
      'T-1',
      'statusChangedAt',
      /RFC 3339/,
    ],
    ['a time that is not a time', { statusChangedAt: 'yesterday' }, 'T-1', 'statusChangedAt', /RFC 3339/],
    [
      'a transfer without a recipient e-mail',
      { status: 'PENDING_TRANSFER', transfer: { senderEmail: 'a@example.org' } },
      'T-1',
      'transfer.recipientEmail',
      /expected string/,
    ],
    [
      'a transfer to something that is not an e-mail',
      { transfer: { senderEmail: 'a@example.org', recipientEmail: 'bob' } },
      'T-1',
      'transfer.recipientEmail',
      'not an e-mail address',
    ],
    [
      'a preference that is not a boolean',
      { spectatorDetails: { organizerSpectatorPreference: { allowPromoEmail: 'yes' } } },
      'T-1',
      'spectatorDetails.organizerSpectatorPreference.allowPromoEmail',
      /expected boolean/,
    ],
    [
      'extra info that is not text',
      { extraInfo: { ExtraInfo1: 3 } },
      'T-1',
      'extraInfo.ExtraInfo1',
      /expected string/,
    ],
  ])('rejects %s, naming the ticket, the field and the reason', (_name, change, ticketId, path, reason) => {
    const result = validateDiffItem({ ...base, ...change }, 7);
    if (result.ok) throw new Error('expected a rejection');
    expect(result.rejected.index).toBe(7);
    expect(result.rejected.ticketId).toBe(ticketId);
    expect(result.rejected.path).toBe(path);
    expect(result.rejected.reason).toMatch(reason);
  });

  it('names a numeric ticket id in a rejection', () => {
    const result = validateDiffItem({ ...base, ticketId: 42 });
    expect(result.ok ? undefined : result.rejected.ticketId).toBe('42');
  });

  it('counts the other problems of a rejected ticket', () => {
    const result = validateDiffItem({ ticketId: 'T-1', status: 'NOPE', statusChangedAt: 'never' });
    expect(result.ok ? undefined : result.rejected.reason).toBe('unknown status "NOPE" (and 1 more problem)');
  });

  it.each([
    ['null', null],
    ['a string', 'T-1'],
    ['an array', [base]],
    ['a number', 3],
  ])('rejects an item that is %s as a whole', (name, raw) => {
    const result = validateDiffItem(raw, 2);
    expect(result).toEqual({
      ok: false,
      rejected: {
        index: 2,
        path: '(item)',
        reason: `expected a ticket object, got ${name.replace(/^a /, '')}`,
      },
    });
  });
});

describe('a diff page is validated item by item (SPEC §9)', () => {
  it('one bad ticket never fails its page', () => {
    const page = [
      base,
      { ...base, ticketId: 'T-2', status: 'BOGUS' },
      null,
      { ...base, ticketId: 'T-3', status: 'PENDING' },
    ];
    const { valid, rejected } = validateDiffItems(page);
    expect(valid.map((item: DiffItem) => item.ticketId)).toEqual(['T-1', 'T-3']);
    expect(rejected).toEqual([
      // Its tax number too, so an operator can skip it by either (SPEC §2).
      { ticketId: 'T-2', taxNumber: '1001', index: 1, path: 'status', reason: 'unknown status "BOGUS"' },
      { index: 2, path: '(item)', reason: 'expected a ticket object, got null' },
    ]);
  });

  it('keeps a ticket that appears twice in a page twice (the newest change wins later)', () => {
    const { valid } = validateDiffItems([base, { ...base, status: 'ASSIGNED' }]);
    expect(valid).toHaveLength(2);
  });
});

describe('the file to upload (SPEC §2, §10): the diff response shape', () => {
  it('is processed like a page TIXNGO returned', () => {
    const text = JSON.stringify({
      pagination: { nextPageKey: 'abc' },
      result: [base, { ...base, ticketId: 'T-2', statusChangedAt: 'soon' }],
    });
    expect(parseDiffDocument(text)).toEqual({
      items: 2,
      nextPageKey: 'abc',
      valid: [base],
      rejected: [
        {
          ticketId: 'T-2',
          taxNumber: base.taxNumber,
          index: 1,
          path: 'statusChangedAt',
          reason: expect.stringMatching(/RFC 3339/),
        },
      ],
    });
  });

  it('needs no pagination object and tolerates a byte-order mark', () => {
    expect(parseDiffDocument(`\uFEFF${JSON.stringify({ result: [base] })}`)).toMatchObject({
      items: 1,
      nextPageKey: null,
      valid: [base],
    });
  });

  it.each([
    ['not JSON', '{"result": [', /^upload\.json is not JSON: /],
    ['no result list', '{"tickets": []}', /^upload\.json is not a TIXNGO diff response .*: result: /],
    ['a bare list', '[]', /is not a TIXNGO diff response/],
  ])('refuses a file that is %s', (_name, text, message) => {
    expect(() => parseDiffDocument(text, 'upload.json')).toThrow(DiffDocumentError);
    expect(() => parseDiffDocument(text, 'upload.json')).toThrow(message);
  });
});

describe('dates TIXNGO cannot mean, ids that cannot be a URL path segment, e-mails with spaces', () => {
  // The worker's clock when the page is applied, passed in (the domain stays pure).
  const now = Date.parse('2026-11-23T10:00:00Z');

  it.each<[string, Record<string, unknown>, string]>([
    ['a far-future change time', { statusChangedAt: '9999-12-31T23:59:59Z' }, 'statusChangedAt'],
    [
      'a far-future transfer start',
      {
        status: 'PENDING_TRANSFER',
        transfer: {
          senderEmail: 'a@example.org',
          recipientEmail: 'b@example.org',
          initiatedAt: '9999-01-01T00:00:00Z',
        },
      },
      'transfer.initiatedAt',
    ],
    ['a change time two days ahead', { statusChangedAt: '2026-11-25T10:00:01Z' }, 'statusChangedAt'],
  ])('rejects %s (more than the clock-skew tolerance ahead of the worker’s clock)', (_name, change, path) => {
    const result = validateDiffItem({ ...base, ...change }, 3, { now });
    if (result.ok) throw new Error('expected a rejection');
    expect(result.rejected).toMatchObject({ ticketId: 'T-1', index: 3, path });
    expect(result.rejected.reason).toMatch(/in the future/);
  });

  it('accepts a change time within the tolerance (clock skew)', () => {
    const soon = new Date(now + FUTURE_TOLERANCE_MS - 1000).toISOString();
    expect(validateDiffItem({ ...base, statusChangedAt: soon }, 0, { now }).ok).toBe(true);
  });

  it('validateDiffItems passes the clock on', () => {
    const { rejected } = validateDiffItems([{ ...base, statusChangedAt: '9999-12-31T23:59:59Z' }], { now });
    expect(rejected.map((item) => item.path)).toEqual(['statusChangedAt']);
  });

  it.each([
    ['statusChangedAt', { statusChangedAt: '0001-01-01T00:00:00Z' }],
    [
      'transfer.initiatedAt',
      {
        transfer: {
          senderEmail: 'a@example.org',
          recipientEmail: 'b@example.org',
          initiatedAt: '1970-01-01T00:00:00Z',
        },
      },
    ],
  ])('rejects an absurdly old %s, with or without a clock', (path, change) => {
    for (const options of [{ now }, undefined]) {
      const result = validateDiffItem({ ...base, ...change }, 0, options);
      if (result.ok) throw new Error('expected a rejection');
      expect(result.rejected.path).toBe(path);
      expect(result.rejected.reason).toMatch(/before 2000/);
    }
  });

  it('accepts lower-case t and z (RFC 3339 allows them) and normalises them', () => {
    const result = validateDiffItem(
      {
        ...base,
        statusChangedAt: '2026-11-23t09:00:00z',
        transfer: {
          senderEmail: 'a@example.org',
          recipientEmail: 'b@example.org',
          initiatedAt: '2026-11-23t08:00:00+01:00',
        },
      },
      0,
      { now },
    );
    if (!result.ok) throw new Error(result.rejected.reason);
    expect(result.item.statusChangedAt).toBe('2026-11-23T09:00:00Z');
    expect(result.item.transfer?.initiatedAt).toBe('2026-11-23T08:00:00+01:00');
  });

  it.each(['.', '..'])('refuses the ticket id %j: it cannot be a URL path segment', (ticketId) => {
    const result = validateDiffItem({ ...base, ticketId });
    if (result.ok) throw new Error('expected a rejection');
    expect(result.rejected.path).toBe('ticketId');
    expect(result.rejected.reason).toMatch(/path segment/);
  });

  it('still accepts ids with dots among other characters', () => {
    for (const ticketId of ['...', '.a', 'a..b', '. .'])
      expect(validateDiffItem({ ...base, ticketId }).ok).toBe(true);
  });

  it('trims the transfer e-mails as it trims e-mails everywhere else', () => {
    const result = validateDiffItem({
      ...base,
      transfer: { senderEmail: ' ana@example.org', recipientEmail: ' bob@example.org ' },
    });
    if (!result.ok) throw new Error(result.rejected.reason);
    expect(result.item.transfer).toEqual({
      senderEmail: 'ana@example.org',
      recipientEmail: 'bob@example.org',
    });
  });
});
