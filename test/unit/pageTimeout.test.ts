import { MIN_PAGE_TIMEOUT_MS, pageTimeoutMs } from '../../src/activities/pageTimeout';
import { OrganizerSettings } from '../../src/domain/settings';

const settings = (tixngoTimeoutMs: number, batchSize = 1000) =>
  OrganizerSettings.parse({
    batchSize,
    tixngo: { baseUrl: 'http://tixngo.test', timeoutMs: tixngoTimeoutMs },
    s360: { baseUrl: 'http://s360.test' },
  });

describe('the page activity start-to-close timeout fits the configured timeouts (issue 13 item 9)', () => {
  it('is the former 5 minutes with the defaults', () => {
    expect(pageTimeoutMs(settings(30_000))).toBe(MIN_PAGE_TIMEOUT_MS);
  });

  it('leaves room for every in-process TIXNGO attempt of a slow TIXNGO, then the S-360 writes', () => {
    const slow = settings(180_000, 10_000);
    expect(pageTimeoutMs(slow)).toBeGreaterThan(3 * 180_000 + 5 * slow.s360.timeoutMs);
  });
});
