import { runOnce } from '../../src/client/runOnce';
import { startTestStack, type TestSettings, type TestStack } from '../support/stack';
import { ticket } from '../support/tickets';

const stacks: TestStack[] = [];
async function stackFor(name: string, settings: TestSettings = {}): Promise<TestStack> {
  const stack = await startTestStack(name, settings);
  stacks.push(stack);
  return stack;
}
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

describe('nothing grows with the page, no rejection is dropped (issue 13 item 5; real server and simulators)', () => {
  it('a page of 5 000 items of a status TIXNGO added later halts the run before the key moves, saying why', async () => {
    const stack = await stackFor('schema', { batchSize: 5000 });
    stack.tixngo.changes.append(
      ...Array.from({ length: 5000 }, (_, i) =>
        ticket(`R-${i}`, 'RESALE_LISTED', 1, {
          spectatorDetails: { firstName: 'Anna'.repeat(60), lastName: 'Meier'.repeat(50) },
        }),
      ),
    );
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect(run.stoppedBy).toBe('halted');
    expect(run.paginationKey).toBeUndefined();
    expect(run.halt).toEqual(expect.stringContaining('5000 of 5000 items'));
    expect(run.halt).toEqual(expect.stringContaining('unknown status "RESALE_LISTED"'));
    expect(run.halt).toEqual(expect.stringContaining('TIXNGO may have changed its schema'));
    expect(await stack.s360Api.getTicket('R-1')).toBeUndefined();
  }, 90_000);

  it('open rejections past their bound are never dropped: the run halts before the page that would overflow them', async () => {
    const stack = await stackFor('overflow', { batchSize: 20 });
    // 26 pages of 20: 8 rejected and 12 valid items each (not a page "mostly rejected").
    for (let page = 0; page < 26; page += 1) {
      stack.tixngo.changes.append(
        ...Array.from({ length: 20 }, (_, i) =>
          i < 8
            ? ticket(`B-${page}-${i}`, 'RESALE_LISTED', page)
            : ticket(`G-${page}-${i}`, 'DOWNLOADED', page),
        ),
      );
    }
    const options = { organizerId: stack.organizerId, taskQueue: stack.taskQueue };
    const run = await runOnce(stack.client, options);
    expect(run.stoppedBy).toBe('halted');
    expect(run.droppedRejections).toBe(0);
    expect(run.openRejections).toHaveLength(200);
    expect(new Set(run.openRejections.map((item) => item.ticketId)).size).toBe(200);
    // The key stays before the page whose rejections did not fit (page 26 starts at item 500).
    expect(run.paginationKey).toBe(stack.tixngo.changes.keyAt(500));
    expect(run.halt).toEqual(expect.stringContaining('open rejections'));
    expect(run.halt).toEqual(expect.stringContaining('unknown status "RESALE_LISTED"'));
  });
});
