import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import {
  failureDetail,
  INVALID_INPUT_FAILURE_TYPE,
  runStart,
  type CarriedRunState,
} from '../../../src/workflows/carriedRunState';
import { failureCarrying } from '../../../src/workflows/carryOnFailure';

const input = { organizerId: 'org-a', paginationKey: 'k-input', skipTickets: ['id:T-0'] };
const state = (paginationKey: string, skipTickets: string[]): CarriedRunState => ({
  paginationKey,
  skipTickets,
  openRejections: [],
  droppedRejections: 0,
});

describe('where a feedback run starts (issue 13, items 1 and 3)', () => {
  it.each<[string, unknown, RegExp]>([
    ['a string', 'id:T-1', /the input itself/],
    ['skipTickets a string', { organizerId: 'org-a', skipTickets: 'id:T-1' }, /field "skipTickets"/],
    ['no organizer', { skipTickets: [] }, /field "organizerId"/],
    ['a bad start date', { organizerId: 'org-a', notBefore: 'tomorrow' }, /field "notBefore"/],
    [
      'a bad rejection',
      { organizerId: 'org-a', openRejections: [{ ticketId: 'T-1' }] },
      /field "openRejections\.0/,
    ],
  ])('a bad input (%s) is a non-retryable failure naming the field', (_name, bad, field) => {
    let thrown: unknown;
    try {
      runStart(bad, undefined, undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    const failure = thrown as ApplicationFailure;
    expect([failure.type, failure.nonRetryable]).toEqual([INVALID_INPUT_FAILURE_TYPE, true]);
    expect(failure.message).toMatch(field);
  });

  it('takes the input without a previous run, the last result after a finished one', () => {
    expect(runStart(input, undefined, undefined)).toMatchObject({
      source: 'input',
      state: { paginationKey: 'k-input', skipTickets: ['id:T-0'] },
      warnings: [],
    });
    expect(runStart(input, { paginationKey: 'k-last', skipTickets: ['1001'] }, undefined)).toMatchObject({
      source: 'finished-run',
      state: { paginationKey: 'k-last', skipTickets: ['1001'] },
    });
  });

  it('a last result of an unexpected shape is reported, and the run starts from its input', () => {
    const start = runStart(input, { skipTickets: 'id:T-1' }, undefined);
    expect(start.source).toBe('input');
    expect(start.state.skipTickets).toEqual(['id:T-0']);
    expect(start.warnings).toEqual([expect.stringMatching(/result has an unexpected shape \(skipTickets/)]);
  });

  it('prefers the state a failed run carried over the last completed result', () => {
    const failure = ApplicationFailure.create({
      message: 'refused',
      type: 'RequestRefused',
      details: [failureDetail(state('k-failed', ['id:T-9']))],
    });
    expect(runStart(input, { paginationKey: 'k-last', skipTickets: [] }, failure)).toMatchObject({
      source: 'failed-run',
      state: { paginationKey: 'k-failed', skipTickets: ['id:T-9'] },
    });
  });

  it('a failure without carried state (an older version) is reported, and the last result used', () => {
    const start = runStart(input, { paginationKey: 'k-last' }, ApplicationFailure.create({ message: 'x' }));
    expect([start.source, start.state.paginationKey]).toEqual(['finished-run', 'k-last']);
    expect(start.warnings).toEqual([expect.stringMatching(/previous run failed and it carries no state/)]);
  });
});

describe('the failure a feedback run fails with', () => {
  const carried = state('k', ['id:T-9']);

  it('keeps type, message and retry flag, has the original as cause and the carried state as details', () => {
    const original = ApplicationFailure.create({
      message: 'refused',
      type: 'RequestRefused',
      nonRetryable: true,
    });
    const wrapped = failureCarrying(original, carried) as ApplicationFailure;
    expect(wrapped).toBeInstanceOf(ApplicationFailure);
    expect([wrapped.message, wrapped.type, wrapped.nonRetryable, wrapped.cause]).toEqual([
      'refused',
      'RequestRefused',
      true,
      original,
    ]);
    expect(wrapped.details).toEqual([failureDetail(carried)]);
    expect(runStart(input, undefined, wrapped).state).toEqual(carried);
  });

  it('leaves a cancellation and an error that is not a Temporal failure as they are', () => {
    const cancelled = new CancelledFailure('cancelled');
    expect(failureCarrying(cancelled, carried)).toBe(cancelled);
    const bug = new TypeError('entries.flatMap is not a function');
    expect(failureCarrying(bug, carried)).toBe(bug);
  });
});
