/**
 * Transfer keys (issue 13, item 8): stable for one transfer, secret-dependent, never a plain hash of
 * the e-mails, and repeated transfers between the same parties without a TIXNGO id or start time
 * told apart in any page split.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  createTransferKeyer,
  isSameTransfer,
  keysOfSteps,
  transferKeyOf,
} from '../../../src/activities/transferKeys';
import type { DiffItem } from '../../../src/domain/diffItem';
import {
  MIN_TRANSFER_KEY_SECRET_LENGTH,
  TRANSFER_KEY_SECRET_VARIABLE,
  transferKeySecretFromEnv,
} from '../../../src/config/transferKeySecret';
import { contactFieldsFromSpectator, normalizeEmail } from '../../../src/domain/contact';
import { fnv1a, transferEventOf } from '../../../src/domain/transferEvent';
import {
  anchorOf,
  assignTransferKeys,
  type KeyableStep,
  type LineRef,
} from '../../../src/domain/transferKey';
import { TransportError } from '../../../src/http/transportError';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const keyer = createTransferKeyer(SECRET);
const ana = 'ana.keller@example.test';
const ben = 'ben.doe@example.test';
const transfer = { senderEmail: ana, recipientEmail: ben };
const START = '2026-11-23T09:10:00Z';

describe('a transfer key without a TIXNGO id', () => {
  it('is the same for every step and spelling of one transfer', () => {
    const key = transferKeyOf(keyer, 'org', 'T-1', transfer, START);
    expect(transferKeyOf(keyer, 'org', 'T-1', transfer, '2026-11-23T10:10:00+01:00')).toBe(key);
    expect(
      transferKeyOf(
        keyer,
        'org',
        'T-1',
        { senderEmail: ' Ana.Keller@EXAMPLE.test', recipientEmail: 'BEN.doe@example.test' },
        START,
      ),
    ).toBe(key);
    expect(transferKeyOf(keyer, 'org', 'T-1', { ...transfer, initiatedAt: START })).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{32}-20261123T091000000Z$/);
  });

  it('differs with the secret, the ticket, the organizer, the direction and the start', () => {
    const key = transferKeyOf(keyer, 'org', 'T-1', transfer, START);
    const other = createTransferKeyer('another-secret-of-at-least-32-characters');
    expect(transferKeyOf(other, 'org', 'T-1', transfer, START)).not.toBe(key);
    expect(transferKeyOf(keyer, 'org', 'T-2', transfer, START)).not.toBe(key);
    expect(transferKeyOf(keyer, 'org2', 'T-1', transfer, START)).not.toBe(key);
    expect(transferKeyOf(keyer, 'org', 'T-1', { senderEmail: ben, recipientEmail: ana }, START)).not.toBe(
      key,
    );
    expect(transferKeyOf(keyer, 'org', 'T-1', transfer, '2026-11-23T09:10:00.001Z')).not.toBe(key);
  });

  it('neither contains nor equals a plain hash of the e-mails, nor the e-mails', () => {
    const key = transferKeyOf(keyer, 'org', 'T-1', transfer, START);
    const texts = [
      ana,
      ben,
      `${ana}|${ben}`,
      `${ana}|${ben}|`,
      `${ana}|${ben}|${START}`,
      `org|T-1|${ana}|${ben}`,
      JSON.stringify(['org', 'T-1', ana, ben]),
    ];
    const plain = texts.flatMap((text) => [
      ...['sha256', 'sha1', 'md5', 'sha512'].map((algorithm) =>
        createHash(algorithm).update(text).digest('hex'),
      ),
      fnv1a(text),
    ]);
    for (const hash of plain) {
      expect(key).not.toContain(hash.slice(0, 8));
      expect(key).not.toBe(hash);
    }
    for (const part of [ana, ben, 'ana', 'keller', 'ben', 'example']) expect(key).not.toContain(part);
  });

  it('keeps TIXNGO’s own id, with a short keyed digest of the parties', () => {
    const key = transferKeyOf(keyer, 'org', 'T-1', { ...transfer, id: 'TX-42' }, START);
    expect(key).toMatch(/^TX-42~[0-9a-f]{16}$/);
    // Every step and spelling of the transfer: one key, whatever its time.
    const spelled = {
      id: 'TX-42',
      senderEmail: ' Ana.Keller@Example.test',
      recipientEmail: ben.toUpperCase(),
    };
    expect(transferKeyOf(keyer, 'org', 'T-1', spelled, '2026-11-23T12:00:00Z')).toBe(key);
  });

  it('tells apart two transfers of a ticket under one reused TIXNGO id (A→B, then B→C)', () => {
    const first = transferKeyOf(
      keyer,
      'org',
      'T-1',
      { id: 'REUSED', senderEmail: ana, recipientEmail: ben },
      START,
    );
    const second = transferKeyOf(
      keyer,
      'org',
      'T-1',
      { id: 'REUSED', senderEmail: ben, recipientEmail: 'carl@example.test' },
      START,
    );
    expect(second).not.toBe(first);
    expect(first).not.toContain('ana');
  });

  it('a TIXNGO id unfit for a workflow id (long, spaces, non-ASCII, an e-mail) becomes a short keyed digest', () => {
    // 256 characters of 3 UTF-8 bytes each: with a 256-character ticket id the workflow id would pass
    // Temporal's 1 000-byte limit, and the hand-off would fail without end.
    for (const id of ['€'.repeat(256), 'transfer 42', 'ana.keller@example.test', 'x'.repeat(129)]) {
      const key = transferKeyOf(keyer, 'org', 'T-1', { ...transfer, id }, START);
      expect(key).toMatch(/^x[0-9a-f]{32}~[0-9a-f]{16}$/);
      expect(transferKeyOf(keyer, 'org', 'T-1', { ...transfer, id }, START)).toBe(key); // stable
      expect(
        transferKeyOf(createTransferKeyer(`${SECRET}-other`), 'org', 'T-1', { ...transfer, id }, START),
      ).not.toBe(key);
    }
  });
});

describe('the transfer key secret', () => {
  it('is required, and long enough; the error names the variable, never the value', () => {
    expect(() => transferKeySecretFromEnv({})).toThrow(TRANSFER_KEY_SECRET_VARIABLE);
    const short = 'short-secret-value';
    let error: Error | undefined;
    try {
      transferKeySecretFromEnv({ [TRANSFER_KEY_SECRET_VARIABLE]: short });
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toContain(`at least ${MIN_TRANSFER_KEY_SECRET_LENGTH}`);
    expect(error?.message).not.toContain(short);
    expect(() => createTransferKeyer(short)).toThrow();
    expect(transferKeySecretFromEnv({ [TRANSFER_KEY_SECRET_VARIABLE]: SECRET })).toBe(SECRET);
  });
});

describe('keys of a page’s steps', () => {
  const step = (status: KeyableStep['status'], minute: number, from = ana, to = ben): KeyableStep => ({
    ticketId: 'T-1',
    status,
    statusChangedAt: new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString(),
    transfer: { senderEmail: from, recipientEmail: to },
  });

  it('an outcome with no PENDING in its page takes the anchor of the ticket’s latest line of its parties', async () => {
    const pendingKey = assignTransferKeys([step('PENDING_TRANSFER', 10)], keyer.digest, 'org')[0] as string;
    const lines = async () => [
      { transferId: pendingKey, occurredAt: step('PENDING_TRANSFER', 10).statusChangedAt },
    ];
    const keys = await keysOfSteps({ listDistributionLines: lines as never }, keyer, 'org', [
      step('TRANSFERRED', 15),
    ]);
    expect(keys).toEqual([pendingKey]);
  });

  it('a ticket S-360 does not know has no lines (404): the outcome keys on its own time', async () => {
    const missing = async () => {
      throw new TransportError('not found', false, 404, undefined, 'not-found');
    };
    const [key] = await keysOfSteps({ listDistributionLines: missing }, keyer, 'org', [step('FAILURE', 15)]);
    expect(key).toBe(transferKeyOf(keyer, 'org', 'T-1', transfer, step('FAILURE', 15).statusChangedAt));
  });

  const people = ['a@example.test', 'b@example.test', 'c@example.test'];
  const OUTCOMES = ['TRANSFERRED', 'FAILURE_TRANSFER', 'FAILURE', undefined] as const;
  /** One transfer of the ticket as it happened, and which of its steps TIXNGO showed. */
  const transferArb = fc.record({
    sender: fc.integer({ min: 0, max: 2 }),
    recipientShift: fc.integer({ min: 1, max: 2 }),
    outcome: fc.constantFrom(...OUTCOMES),
    pendingSeen: fc.boolean(),
    gap: fc.integer({ min: 1, max: 90 }),
    outcomeAfter: fc.integer({ min: 0, max: 90 }),
  });

  it('property: each PENDING opens its own key and each outcome gets its PENDING’s key, in any page split', () => {
    fc.assert(
      fc.property(
        fc.array(transferArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
        (transfers, cuts, shuffle) => {
          // The steps TIXNGO shows, in the order they happened, each with the transfer it belongs to.
          const steps: { step: KeyableStep; transfer: number }[] = [];
          let minute = 0;
          let previousParties: string | undefined;
          transfers.forEach((t, index) => {
            const sender = people[t.sender] as string;
            const recipient = people[(t.sender + t.recipientShift) % 3] as string;
            const parties = `${sender}>${recipient}`;
            minute += t.gap;
            const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 0, m)).toISOString();
            const shown: KeyableStep[] = [];
            if (t.pendingSeen)
              shown.push({
                ticketId: 'T-1',
                status: 'PENDING_TRANSFER',
                statusChangedAt: at(minute),
                transfer: { senderEmail: sender, recipientEmail: recipient },
              });
            if (t.outcome) {
              minute += t.outcomeAfter;
              shown.push({
                ticketId: 'T-1',
                status: t.outcome,
                statusChangedAt: at(minute),
                transfer: { senderEmail: sender, recipientEmail: recipient },
              });
            }
            if (shown.length === 0) return;
            // The documented residual limit: an unseen PENDING right after a transfer of the same parties.
            if (!t.pendingSeen && previousParties === parties) return;
            previousParties = parties;
            for (const step of shown) steps.push({ step, transfer: index });
          });
          // Pages: chronological slices, each in any order; each page is applied (lines written) before the next.
          const bounds = [...new Set(cuts.map((cut) => cut % (steps.length + 1)))].sort((a, b) => a - b);
          const pages = [0, ...bounds, steps.length]
            .slice(0, -1)
            .map((from, i, all) => steps.slice(from, all[i + 1] ?? steps.length))
            .map((page) =>
              page
                .map((entry, i) => ({ entry, order: shuffle[i % shuffle.length] ?? 0 }))
                .sort((a, b) => a.order - b.order)
                .map(({ entry }) => entry),
            );
          const lines = new Map<string, LineRef>();
          const keyOf = new Map<number, Set<string>>();
          const transferOf = new Map<string, Set<number>>();
          for (const page of pages) {
            const keys = assignTransferKeys(
              page.map(({ step }) => step),
              keyer.digest,
              'org',
              new Map([['T-1', [...lines.values()]]]),
            );
            page.forEach(({ transfer: index }, i) => {
              const key = keys[i] as string;
              keyOf.set(index, (keyOf.get(index) ?? new Set()).add(key));
              transferOf.set(key, (transferOf.get(key) ?? new Set()).add(index));
            });
            // The transfer workflows open one line per key, dated by its first step.
            const sorted = [...page].sort(
              (a, b) => Date.parse(a.step.statusChangedAt) - Date.parse(b.step.statusChangedAt),
            );
            for (const { step } of sorted) {
              const key = keys[page.findIndex((entry) => entry.step === step)] as string;
              if (!lines.has(key)) lines.set(key, { transferId: key, occurredAt: step.statusChangedAt });
            }
          }
          for (const keys of keyOf.values()) expect(keys.size).toBe(1);
          for (const owners of transferOf.values()) expect(owners.size).toBe(1);
          // Every key is an anchor of one of the transfer's own steps.
          for (const [index, keys] of keyOf) {
            const own = steps
              .filter((entry) => entry.transfer === index)
              .map(({ step }) => anchorOf(step.statusChangedAt));
            expect(own.some((anchor) => [...keys][0]?.endsWith(anchor))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reconciliation: is TIXNGO’s current transfer the one waiting?', () => {
  const PENDING_AT = '2026-11-23T09:10:00.000Z';
  const waiting = {
    organizerId: 'org',
    ticketId: 'T-1',
    transferKey: transferKeyOf(keyer, 'org', 'T-1', transfer, PENDING_AT),
  };
  const current = (
    status: DiffItem['status'],
    statusChangedAt: string,
    data: DiffItem['transfer'] = transfer,
  ): DiffItem => ({
    ticketId: 'T-1',
    status,
    statusChangedAt,
    transfer: data,
  });

  it('a keyless transfer: the same parties, pending since its anchor or settled after it', () => {
    expect(isSameTransfer(keyer, waiting, current('PENDING_TRANSFER', PENDING_AT))).toBe(true);
    expect(isSameTransfer(keyer, waiting, current('TRANSFERRED', '2026-11-23T09:20:00Z'))).toBe(true);
    expect(isSameTransfer(keyer, waiting, current('PENDING_TRANSFER', '2026-11-23T09:30:00Z'))).toBe(false);
    expect(
      isSameTransfer(
        keyer,
        waiting,
        current('PENDING_TRANSFER', PENDING_AT, { senderEmail: ben, recipientEmail: ana }),
      ),
    ).toBe(false);
    expect(
      isSameTransfer(
        keyer,
        waiting,
        current('PENDING_TRANSFER', PENDING_AT, {
          senderEmail: 'ANA.Keller@example.test',
          recipientEmail: ben,
        }),
      ),
    ).toBe(true);
  });

  it('TIXNGO’s id matches only with its parties (the key a reused id gets), never bare', () => {
    expect(
      isSameTransfer(
        keyer,
        { ...waiting, transferKey: 'TX-1' },
        current('TRANSFERRED', PENDING_AT, { ...transfer, id: 'TX-1' }),
      ),
    ).toBe(false);
    expect(
      isSameTransfer(keyer, waiting, current('TRANSFERRED', PENDING_AT, { ...transfer, id: 'TX-1' })),
    ).toBe(false);
  });

  it('a reused TIXNGO id matches only the transfer of the same parties', () => {
    const key = transferKeyOf(keyer, waiting.organizerId, waiting.ticketId, { ...transfer, id: 'TX-1' });
    const mine = { ...waiting, transferKey: key };
    expect(isSameTransfer(keyer, mine, current('TRANSFERRED', PENDING_AT, { ...transfer, id: 'TX-1' }))).toBe(
      true,
    );
    const next = { id: 'TX-1', senderEmail: ben, recipientEmail: 'carl@example.test' };
    expect(isSameTransfer(keyer, mine, current('PENDING_TRANSFER', PENDING_AT, next))).toBe(false);
  });
});

describe('issue 13 item 7: one canonical e-mail from the transfer step on', () => {
  it('spellings of one address are one: case, surrounding spaces, Unicode composition', () => {
    expect(normalizeEmail(' Carla.X@Example.TEST ')).toBe('carla.x@example.test');
    expect(normalizeEmail('Jose\u0301@example.test')).toBe(normalizeEmail('JOS\u00c9@example.test'));
  });

  it('a transfer step carries the sender’s, the recipient’s and the new owner’s e-mail canonical', () => {
    const event = transferEventOf(
      'org',
      {
        ticketId: 'T-1',
        status: 'TRANSFERRED',
        statusChangedAt: START,
        transfer: { senderEmail: 'Ana.Keller@Example.test', recipientEmail: 'CARLA.X@EXAMPLE.TEST' },
        spectatorDetails: { firstName: 'Carla', email: 'Carla.X@example.test' },
      },
      'key',
    );
    expect(event).toMatchObject({
      senderEmail: 'ana.keller@example.test',
      recipientEmail: 'carla.x@example.test',
      recipient: { firstName: 'Carla', email: 'carla.x@example.test' },
    });
    expect(contactFieldsFromSpectator({ email: 'Carla.X@example.test' }).email).toBe('carla.x@example.test');
  });
});
