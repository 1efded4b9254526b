/**
 * SPEC §8: the ticket's cultural contact ends on the recipient of the latest accepted transfer,
 * whatever order the transfer workflows' steps reach S-360 in. Two transfers of one ticket, A → B
 * then B → C (TIXNGO may show any of their steps or skip some, with or without a start time);
 * each transfer's steps (open, then close when accepted) run in order, retried at any later time,
 * interleaved at random with the other's, against the real S-360 simulator (HTTP, PostgreSQL).
 *
 * `PROPERTY_RUNS=300 npx jest test/property/culturalContactRace.test.ts` runs more cases (default 60).
 * The counterexample found first is always run: both transfers seen only accepted, without a start
 * time, B → C settled before A → B opened (A → B's opening then took the ticket back to B).
 */
import fc from 'fast-check';
import { closeTransfer, openTransfer, type OpenedTransfer } from '../../src/activities/transferActivities';
import type { TransferEvent } from '../../src/domain/transferEvent';
import { createHttpS360Gateway } from '../../src/s360/httpGateway';
import type { S360Gateway } from '../../src/s360/gateway';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import { testEnv, uniqueSuffix } from '../support/env';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

const suffix = uniqueSuffix();
const ORG = `cc-race-${suffix}`;
const API_KEY = `s360-key-${suffix}`;
let s360: S360Simulator;
let gateway: S360Gateway;
beforeAll(async () => {
  s360 = await startS360Simulator({
    databaseUrl: testEnv('DATABASE_URL'),
    schema: `s360_cc_race_${suffix}`,
    apiKeys: [API_KEY],
  });
  gateway = createHttpS360Gateway({
    organizerId: ORG,
    baseUrl: s360.url,
    apiKey: API_KEY,
    timeoutMs: 10_000,
  });
});
afterAll(async () => {
  await s360.close({ dropSchema: true });
});

const at = (minute: number): string => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();

/**
 * What TIXNGO showed of one transfer: its start time (or none) and which of its steps were seen
 * (`acceptedSeen`: its outcome, an acceptance or, for a rejected first transfer, the rejection).
 */
interface Shown {
  initiatedAt: boolean;
  pendingSeen: boolean;
  acceptedSeen: boolean;
}
const shownArbitrary = fc
  .record({ initiatedAt: fc.boolean(), pendingSeen: fc.boolean(), acceptedSeen: fc.boolean() })
  .filter((shown) => shown.pendingSeen || shown.acceptedSeen);

type Op = { workflow: 0 | 1; step: 'open' | 'close' };

/** One workflow's steps in its own order, each possibly retried (run again) later. */
function stepsOf(workflow: 0 | 1, shown: Shown, retries: readonly number[]): Op[] {
  const own: Op[] = [{ workflow, step: 'open' }];
  if (shown.acceptedSeen) own.push({ workflow, step: 'close' });
  const ops: Op[] = [];
  own.forEach((op, index) => {
    ops.push(op);
    for (let r = 0; r < (retries[index] ?? 0); r += 1) ops.push(op);
  });
  return ops;
}

let caseNumber = 0;

it('the cultural contact ends on the latest accepted recipient, in any interleaving and with retries', async () => {
  await fc.assert(
    fc.asyncProperty(
      shownArbitrary,
      shownArbitrary,
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 2 }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 2 }),
      fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      fc.boolean(),
      async (first, second, retries1, retries2, picks, firstRejected) => {
        caseNumber += 1;
        const ticketId = `CC-${caseNumber}`;
        const email = (who: string) => `${who}.${caseNumber}.${suffix}@race.test`;
        const [a, b, c] = [email('a'), email('b'), email('c')];
        const ana = await gateway.createContact(
          { email: a, firstName: 'Ana', lastName: 'Known', hasInternetAccount: true },
          { idempotencyKey: `seed-${suffix}-${caseNumber}` },
        );
        await gateway.applyMobileUpdate({ ticketId, mobileStatus: 'DOWNLOADED', statusChangedAt: at(0) });
        await gateway.setCulturalContact(ticketId, ana.contactId, at(0));

        // A → B started at :10, settled at :20 (accepted, or rejected: then A sends it on);
        // then B → C (or A → C) started at :30, accepted at :40.
        const transfers = [
          { shown: first, key: 'TX-1', from: a, to: b, started: 10, settled: 20, rejected: firstRejected },
          {
            shown: second,
            key: 'TX-2',
            from: firstRejected ? a : b,
            to: c,
            started: 30,
            settled: 40,
            rejected: false,
          },
        ] as const;
        const eventOf = (index: 0 | 1, settled: boolean): TransferEvent => {
          const t = transfers[index];
          return {
            organizerId: ORG,
            ticketId,
            transferKey: t.key,
            status: !settled ? 'PENDING_TRANSFER' : t.rejected ? 'FAILURE_TRANSFER' : 'TRANSFERRED',
            statusChangedAt: at(settled ? t.settled : t.started),
            senderEmail: t.from,
            recipientEmail: t.to,
            ...(t.shown.initiatedAt ? { initiatedAt: at(t.started) } : {}),
          };
        };
        const queues: [Op[], Op[]] = [stepsOf(0, first, retries1), stepsOf(1, second, retries2)];
        const opened: (OpenedTransfer | undefined)[] = [undefined, undefined];
        let pick = 0;
        for (;;) {
          const fromFirst =
            queues[1].length === 0 || (queues[0].length > 0 && picks[pick++ % picks.length] === true);
          const op = queues[fromFirst ? 0 : 1].shift();
          if (!op) break;
          const { shown, rejected } = transfers[op.workflow];
          const line = opened[op.workflow];
          if (op.step === 'open') {
            opened[op.workflow] = await openTransfer(gateway, eventOf(op.workflow, !shown.pendingSeen));
          } else if (line) {
            await closeTransfer(gateway, {
              event: eventOf(op.workflow, true),
              lineId: line.lineId,
              recipientContactId: line.recipientContactId,
              status: rejected ? 'CANCELLED' : 'CONFIRMED',
            });
          }
        }

        // C holds the ticket once the second transfer is accepted; before, the first one's
        // recipient if it was accepted (B sent it on), else still A.
        const holder = second.acceptedSeen ? c : firstRejected ? a : b;
        const [expected] = await gateway.findContactsByEmail(holder);
        const ticket = await gateway.getTicket(ticketId);
        expect({ ticketId, culturalContact: ticket?.culturalContactId }).toEqual({
          ticketId,
          culturalContact: expected?.contactId,
        });
      },
    ),
    {
      numRuns: RUNS,
      seed: SEED,
      examples: [
        [
          { initiatedAt: false, pendingSeen: false, acceptedSeen: true },
          { initiatedAt: false, pendingSeen: false, acceptedSeen: true },
          [0, 0],
          [0, 0],
          [false, false, false, false, false, false, false, false],
          false,
        ],
      ],
    },
  );
}, 600_000);
