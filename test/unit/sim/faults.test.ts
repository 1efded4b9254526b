import { FaultController, malform } from '../../../src/sim/tixngo/faults';
import { validateDiffItem } from '../../../src/domain/diffItem';

describe('the simulator’s fault plan', () => {
  it('serves queued faults first, one per request, then the plan', () => {
    const faults = new FaultController();
    faults.next(['500', '429', 'timeout']);
    expect([1, 2, 3, 4].map(() => faults.forRequest())).toEqual(['500', '429', 'timeout', 'ok']);
    expect(faults.stats()).toMatchObject({ requests: 4, served: { '500': 1, '429': 1, timeout: 1, ok: 1 } });
  });

  it('draws request faults from a seeded stream: same seed, same faults', () => {
    const draw = (seed: number): string[] => {
      const faults = new FaultController({ seed, errorRate5xx: 0.3, rate429: 0.1, timeoutRate: 0.1 });
      return Array.from({ length: 200 }, () => faults.forRequest());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const share5xx = draw(1).filter((fault) => /^5/.test(fault)).length / 200;
    expect(share5xx).toBeGreaterThan(0.15);
    expect(share5xx).toBeLessThan(0.45);
  });

  it('decides item faults per change: the same change is faulty every time it is read', () => {
    const faults = new FaultController({ malformedRate: 0.5 });
    const first = Array.from({ length: 100 }, (_, index) => faults.forItem(index, 'malformed'));
    const again = Array.from({ length: 100 }, (_, index) => faults.forItem(index, 'malformed'));
    expect(again).toEqual(first);
    expect(first.some(Boolean) && first.some((faulty) => !faulty)).toBe(true);
  });

  it('refuses an unknown fault or rate', () => {
    expect(() => new FaultController().next(['418' as never])).toThrow();
    expect(() => new FaultController({ errorRate5xx: 2 })).toThrow();
    expect(() => new FaultController({ nope: 1 } as never)).toThrow();
  });

  it('clear() stops every fault', () => {
    const faults = new FaultController({ errorRate5xx: 1 });
    faults.next(['401']);
    faults.clear();
    expect(faults.forRequest()).toBe('ok');
  });

  it('a malformed change never passes validation', () => {
    const item = { ticketId: 'T-1', status: 'DOWNLOADED', statusChangedAt: '2026-11-23T09:00:00Z' };
    for (let index = 0; index < 60; index += 1) {
      expect(validateDiffItem(malform(item, index, 1)).ok).toBe(false);
    }
  });
});
