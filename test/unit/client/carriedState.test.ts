import {
  carriedFromUnfinishedRun,
  type RunSignal,
  type UnfinishedRun,
} from '../../../src/client/carriedState';
import type { OpenRejection } from '../../../src/workflows/definitions';
import { rejectionRef } from '../../../src/domain/rejectionRef';

const at = (second: number): Date => new Date(Date.UTC(2026, 10, 23, 9, 0, second));
const rejection = (ticketId: string, second: number): OpenRejection => ({
  ticketId,
  index: 0,
  path: 'status',
  reason: 'unknown status',
  firstSeenAt: at(second).toISOString(),
});

function run(overrides: Partial<UnfinishedRun> = {}, signals: RunSignal[] = []): UnfinishedRun {
  return {
    runId: 'run-1',
    status: 'terminated',
    input: { paginationKey: 'k-input', skipTickets: ['id:T-0'] },
    signals,
    signalsIgnored: 0,
    ...overrides,
  };
}

describe('carrying on from a run that did not finish', () => {
  it('starts as the workflow does (the previous run’s result, else the input) and applies signals in order', () => {
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { paginationKey: 'k-last', skipTickets: ['id:T-1'] } }, [
        { name: 'skipTickets', entries: ['id:T-2, 1002', ' '], at: at(1) },
        { name: 'unskipTickets', entries: ['id:T-1'], at: at(2) },
        { name: 'skipTickets', entries: ['id:T-1'], at: at(3) },
        { name: 'unskipTickets', entries: ['1002'], at: at(4) },
      ]),
    );
    expect(carried.input).toEqual({
      organizerId: 'org-a',
      paginationKey: 'k-last',
      skipTickets: ['id:T-2', 'id:T-1'],
      openRejections: [],
    });
    expect([carried.keySource, carried.signalsApplied]).toEqual(['finished-run', 4]);
  });

  it('without a previous result, takes the input’s key and skip list', () => {
    const carried = carriedFromUnfinishedRun('org-a', run());
    expect([carried.input.paginationKey, carried.input.skipTickets, carried.keySource]).toEqual([
      'k-input',
      ['id:T-0'],
      'run-start',
    ]);
  });

  it('a previous result without a key means no key, as in the workflow', () => {
    const carried = carriedFromUnfinishedRun('org-a', run({ lastResult: { skipTickets: [] } }));
    expect([carried.input.paginationKey, carried.input.skipTickets]).toEqual([undefined, []]);
  });

  it('resolveRejections removes the rejections of those tickets', () => {
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { openRejections: [rejection('T-1', 0), rejection('T-2', 0)] } }, [
        { name: 'resolveRejections', ticketIds: ['T-1'], at: at(5) },
      ]),
    );
    expect(carried.input.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);
  });

  it('resolveRejections removes a rejection named by its reference, one without a ticket id too', () => {
    const unnamed: OpenRejection = { ...rejection('T-9', 0), ticketId: undefined, path: 'ticketId' };
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { openRejections: [unnamed, rejection('T-2', 0)] } }, [
        { name: 'resolveRejections', ticketIds: [rejectionRef(unnamed)], at: at(5) },
      ]),
    );
    expect(carried.input.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);
  });

  it('with the run’s own progress: its key and rejections, and a resolve removes only what was seen before it', () => {
    const progress = {
      paginationKey: 'k-progress',
      pages: 3,
      // T-1 came back after the resolve below (a later page); T-2 was open before it.
      openRejections: [rejection('T-2', 0), rejection('T-1', 20)],
      readAt: at(30).toISOString(),
    };
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { paginationKey: 'k-last', openRejections: [rejection('T-1', 0)] }, progress }, [
        { name: 'resolveRejections', ticketIds: ['T-1', 'T-2'], at: at(10) },
      ]),
    );
    expect(carried.input.paginationKey).toBe('k-progress');
    expect(carried.input.openRejections.map((item) => item.ticketId)).toEqual(['T-1']);
    expect([carried.keySource, carried.progressPages]).toEqual(['run-progress', 3]);
  });
});

describe('carrying on by the workflow’s own rules (issue 13)', () => {
  it('skip entries are judged as the workflow judges them; unskip removes an entry that does not parse', () => {
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { skipTickets: ['id:T#0', 'id:T-1'] } }, [
        { name: 'skipTickets', entries: ['id:T#1', 'id:', ' ID: T-2'], at: at(1) },
        { name: 'unskipTickets', entries: ['id:T#0'], at: at(2) },
      ]),
    );
    expect(carried.input.skipTickets).toEqual(['id:T-1', 'id:T-2']);
    expect([carried.signalsApplied, carried.signalsIgnored]).toEqual([2, 1]);
  });

  it('says, in the workflow’s words and order, what it refuses: entries, a full list, unknown unskips and references, payloads', () => {
    const known = rejection('T-1', 0);
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { skipTickets: [], openRejections: [known] } }, [
        { name: 'skipTickets', entries: ['id:T#1', 'id:T-2'], at: at(1) },
        { name: 'refused', warning: 'signal "skipTickets" refused: expected a list …', at: at(2) },
        { name: 'unskipTickets', entries: ['id:NOT-THERE'], at: at(3) },
        { name: 'resolveRejections', ticketIds: [rejectionRef(known), '#000000000000'], at: at(4) },
      ]),
    );
    expect(carried.warnings).toEqual([
      expect.stringMatching(/^signal "skipTickets": .*T#1.* Not added\.$/),
      'signal "skipTickets" refused: expected a list …',
      'signal "unskipTickets": "id:NOT-THERE" is not in the live skip list (entries of the configuration stay).',
      'resolveRejections: no open rejection #000000000000 (closed already, or mistyped; `status` lists the open ones with their references); nothing closed for them.',
    ]);
    expect(carried.input.skipTickets).toEqual(['id:T-2']);
    expect(carried.input.openRejections).toEqual([]);
    // A signal refused whole changed nothing: not counted among those applied.
    expect(carried.signalsApplied).toBe(3);
  });

  it('past the live skip list’s cap: the entries not added are said, as the workflow says it', () => {
    const full = Array.from({ length: 1000 }, (_, index) => `id:S-${index}`);
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { skipTickets: full } }, [
        { name: 'skipTickets', entries: ['tax-T-1', 'id:T-1'], at: at(1) },
      ]),
    );
    expect(carried.input.skipTickets).toHaveLength(1000);
    expect(carried.warnings).toEqual([
      expect.stringContaining('the live skip list is full (1000 entries); 2 entries not added.'),
    ]);
  });

  it('a run that started after a failed one starts from the state that failure carried', () => {
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run(
        {
          lastResult: { paginationKey: 'k-last', skipTickets: [] },
          failedRunState: { paginationKey: 'k-failed', skipTickets: ['id:T-9'] },
        },
        [{ name: 'skipTickets', entries: ['id:T-10'], at: at(1) }],
      ),
    );
    expect([carried.input.paginationKey, carried.input.skipTickets, carried.keySource]).toEqual([
      'k-failed',
      ['id:T-9', 'id:T-10'],
      'failed-run',
    ]);
  });

  it('a run that failed carrying its state: that state, signals included', () => {
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run(
        {
          status: 'failed',
          lastResult: { paginationKey: 'k-last' },
          ownFailureState: { paginationKey: 'k-own', skipTickets: ['id:T-9'] },
        },
        [{ name: 'skipTickets', entries: ['id:T-9'], at: at(1) }],
      ),
    );
    expect([carried.input.paginationKey, carried.input.skipTickets, carried.keySource, carried.run]).toEqual([
      'k-own',
      ['id:T-9'],
      'failed-run',
      { runId: 'run-1', status: 'failed' },
    ]);
  });
});

describe('carrying on inside a page left between slices (pageResume)', () => {
  const resumeA = { index: 300, fingerprint: '300:0000000a' };
  const resumeB = { index: 600, fingerprint: '600:0000000b' };

  it('goes with the key it came from: the input’s, the previous result’s, a failure’s', () => {
    expect(
      carriedFromUnfinishedRun('org-a', run({ input: { paginationKey: 'k-input', pageResume: resumeA } }))
        .input,
    ).toMatchObject({ paginationKey: 'k-input', pageResume: resumeA });
    const fromLast = carriedFromUnfinishedRun(
      'org-a',
      run({
        input: { paginationKey: 'k-input', pageResume: resumeA },
        lastResult: { paginationKey: 'k-last', pageResume: resumeB },
      }),
    );
    expect([fromLast.input.paginationKey, fromLast.input.pageResume]).toEqual(['k-last', resumeB]);
    // The previous run finished past its page: no resume point, not the input's.
    const lastWhole = carriedFromUnfinishedRun(
      'org-a',
      run({
        input: { paginationKey: 'k-input', pageResume: resumeA },
        lastResult: { paginationKey: 'k-last' },
      }),
    );
    expect([lastWhole.input.paginationKey, lastWhole.input.pageResume]).toEqual(['k-last', undefined]);
    const failed = carriedFromUnfinishedRun(
      'org-a',
      run({ status: 'failed', ownFailureState: { paginationKey: 'k-failed', pageResume: resumeB } }),
    );
    expect([failed.input.paginationKey, failed.input.pageResume]).toEqual(['k-failed', resumeB]);
  });

  it('the stopped run’s own progress gives key and resume point together, never one without the other', () => {
    const progress = { pages: 2, openRejections: [], readAt: at(9).toISOString() };
    const inPage = carriedFromUnfinishedRun(
      'org-a',
      run({
        lastResult: { paginationKey: 'k-last', pageResume: resumeA },
        progress: { ...progress, paginationKey: 'k-progress', pageResume: resumeB },
      }),
    );
    expect([inPage.input.paginationKey, inPage.input.pageResume]).toEqual(['k-progress', resumeB]);
    // Progress past the page (or recorded by a version that did not say): the last result's resume
    // point belongs to another key and is not kept.
    const past = carriedFromUnfinishedRun(
      'org-a',
      run({
        lastResult: { paginationKey: 'k-last', pageResume: resumeA },
        progress: { ...progress, paginationKey: 'k-progress' },
      }),
    );
    expect([past.input.paginationKey, past.input.pageResume]).toEqual(['k-progress', undefined]);
  });
});

describe('an import’s resolveRejections, read back from a stopped run', () => {
  it('keeps a rejection of a newer change than the one the import applied, as the workflow does', () => {
    const rejected = (ticketId: string, minute: number): OpenRejection => ({
      ...rejection(ticketId, 0),
      raw: JSON.stringify({
        ticketId,
        statusChangedAt: `2026-11-23T09:${String(minute).padStart(2, '0')}:00Z`,
      }),
    });
    const carried = carriedFromUnfinishedRun(
      'org-a',
      run({ lastResult: { openRejections: [rejected('T-1', 5), rejected('T-2', 5)] } }, [
        {
          name: 'resolveRejections',
          ticketIds: ['T-1', 'T-2'],
          changes: { 'T-1': '2026-11-23T09:05:00Z', 'T-2': '2026-11-23T09:01:00Z' },
          at: at(30),
        },
      ]),
    );
    expect(carried.input.openRejections.map((item) => item.ticketId)).toEqual(['T-2']);
  });
});
