/**
 * The S-360 simulator answers input it cannot store like a real API: a 4xx naming the field, never
 * a 500 (issue 13, item 4); and its control makes it refuse a given ticket's writes.
 */
import type { MobileUpdate } from '../../src/domain/mobileUpdate';
import { S360Contact } from '../../src/s360/api';
import { dataException } from '../../src/sim/s360/errors';
import { TransportError } from '../../src/http/transportError';
import { at, startSimulatedS360, type SimulatedS360 } from './support/simulators';

let s: SimulatedS360;
beforeAll(async () => {
  s = await startSimulatedS360('unstorable', 'postgresql');
});
afterAll(async () => {
  await s.stop();
});

const update = (ticketId: string, extra: Partial<MobileUpdate> = {}): MobileUpdate => ({
  ticketId,
  mobileStatus: 'ASSIGNED',
  statusChangedAt: at(1),
  ...extra,
});

describe('text S-360 cannot store', () => {
  it.each([
    ['a NUL in a holder’s name', { holder: { firstName: 'Ann\u0000a' } }, 'body.updates.1.holder.firstName'],
    [
      'a lone surrogate in extra info',
      { extraInfo: { ExtraInfo1: 'x\ud800' } },
      'body.updates.1.extraInfo.ExtraInfo1',
    ],
  ])('%s: the bulk write answers 400 naming the field, and writes nothing', async (_what, extra, field) => {
    const response = await s.raw.post('/api/v1/tickets/mobile-updates', {
      updates: [update('U-ok'), update('U-bad', extra)],
    });
    expect(response.status).toBe(400);
    expect(response.data).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining(field) });
    expect(await s.s360.getTicket('U-ok')).toBeUndefined();
  });

  it('PostgreSQL’s data exceptions (SQLSTATE class 22) are answered 422, other errors are not mapped', () => {
    const error = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    expect(dataException(error)).toMatchObject({ statusCode: 422, code: 'UNSTORABLE' });
    expect(dataException(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBeUndefined();
    expect(dataException(new Error('boom'))).toBeUndefined();
  });
});

describe('simulator control: refusing a ticket’s writes', () => {
  afterEach(() => s.sim.refusals.clear());

  it('a bulk write holding a refused ticket is refused as a whole, with the status and message asked for', async () => {
    await s.raw.put('/__sim/refusals', { ticketIds: ['C-2'], status: 422, message: 'locked by a resale' });
    const failure = await s.s360
      .applyMobileUpdates([update('C-1'), update('C-2')])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect(failure).toMatchObject({
      status: 422,
      message: expect.stringContaining('updates.1: locked by a resale'),
    });
    expect(await s.s360.getTicket('C-1')).toBeUndefined();

    expect(await s.s360.applyMobileUpdates([update('C-1')])).toEqual({ applied: 1, unchanged: 0 });
    expect((await s.raw.delete('/__sim/refusals')).status).toBe(204);
    expect(await s.s360.applyMobileUpdates([update('C-2')])).toEqual({ applied: 1, unchanged: 0 });
  });

  it('can fail with a 500 instead, as S-360 failing on one ticket would', async () => {
    s.sim.refusals.refuse(['C-5'], { status: 500, message: 'NullPointerException' });
    const failure = await s.s360.applyMobileUpdate(update('C-5')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 500, retryable: true });
  });
});

describe('answers are read leniently', () => {
  it('a contact S-360 holds with a control character in its name (stored by other means) is still read', () => {
    const contact = {
      contactId: 1,
      structure: 'INDIVIDUAL',
      temporary: false,
      hasInternetAccount: true,
      email: 'x@example.test',
      firstName: 'Legacy\u0001Name',
      createdAt: at(1),
      updatedAt: at(1),
    };
    expect(S360Contact.safeParse(contact).success).toBe(true);
  });
});
