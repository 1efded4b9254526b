import { closestName } from '../../../src/domain/closestName';
import { unknownSignalWarning } from '../../../src/workflows/signalPayloads';

describe('closestName: the known name a mistyped one most likely meant', () => {
  const known = ['skipTickets', 'unskipTickets', 'resolveRejections'];
  it.each([
    ['SkipTickets', 'skipTickets'],
    ['skipTicket', 'skipTickets'],
    ['skip', 'skipTickets'],
    ['unskip', 'unskipTickets'],
    ['resolve', 'resolveRejections'],
    ['batchsize', 'batchSize'],
    ['timeoutMS', 'timeoutMs'],
  ])('%s → %s', (typed, meant) => {
    expect(closestName(typed, [...known, 'batchSize', 'timeoutMs'])).toBe(meant);
  });

  it('nothing close: no suggestion', () => {
    expect(closestName('zzzzzzzzzzzzzz', known)).toBeUndefined();
  });
});

describe('unknownSignalWarning', () => {
  it('names the signal (escaped, bounded) and the closest known one, never a payload', () => {
    expect(unknownSignalWarning('skip', ['skipTickets', 'unskipTickets'])).toBe(
      'unknown signal "skip" ignored (did you mean "skipTickets"?); nothing applied.',
    );
    const hostile = unknownSignalWarning('\u001b[2K\r\u0000'.padEnd(500, 'x'), ['skipTickets']);
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    expect(hostile).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(hostile.length).toBeLessThan(250);
  });
});
