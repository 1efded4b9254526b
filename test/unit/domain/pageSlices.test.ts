import fc from 'fast-check';
import { prefixFingerprint, resumeIndex, sliceEnd } from '../../../src/domain/pageSlices';

describe('page slices (issue 13 item 5)', () => {
  it('slices cover the page once, in order, each within the budget plus one item', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 20_000 }),
        (costs, budget) => {
          const covered: number[] = [];
          for (let start = 0; start < costs.length;) {
            const end = sliceEnd(costs, start, budget);
            expect(end).toBeGreaterThan(start);
            const used = costs.slice(start, end).reduce((sum, cost) => sum + cost, 0);
            if (end - start > 1) expect(used).toBeLessThanOrEqual(budget);
            else expect(used).toBeLessThanOrEqual(Math.max(budget, costs[start] ?? 0));
            for (let i = start; i < end; i += 1) covered.push(i);
            start = end;
          }
          expect(covered).toEqual(costs.map((_, i) => i));
        },
      ),
    );
  });

  it('a slice resumes only on the very same items before it; otherwise the page starts again', () => {
    const page = [{ ticketId: 'A' }, { ticketId: 'B' }, { ticketId: 'C' }];
    const resume = { index: 2, fingerprint: prefixFingerprint(page, 2) };
    expect(resumeIndex(resume, page)).toBe(2);
    expect(resumeIndex(resume, [{ ticketId: 'B' }, { ticketId: 'C' }, { ticketId: 'A' }])).toBe(0);
    expect(resumeIndex(resume, page.slice(0, 2))).toBe(0);
    expect(resumeIndex(undefined, page)).toBe(0);
  });
});
