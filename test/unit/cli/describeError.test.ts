import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { describeError, exitCodeOf } from '../../../src/cli/describeError';
import { ResolveEntryError } from '../../../src/client/errors';
import { CodecConfigError } from '../../../src/codec/keys';
import { UsageError } from '../../../src/cli/args';
import { SkipListError } from '../../../src/domain/skipList';

const configError = ApplicationFailure.create({
  message: 'organizer "no-such-org" is not in the configuration (known: acme-events, demo)',
  type: 'ConfigError',
  nonRetryable: true,
});

describe('errors the command line prints (issue 15 item 2)', () => {
  it('a failed workflow prints its cause chain, the root cause named, not only "Workflow execution failed"', () => {
    const activity = new ActivityFailure(
      'Activity task failed',
      'loadRunSettings',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      configError,
    );
    const failed = new WorkflowFailedError(
      'Workflow execution failed',
      activity,
      RetryState.NON_RETRYABLE_FAILURE,
    );
    expect(describeError(failed)).toBe(
      'Workflow execution failed\n' +
        '  because: Activity task failed (activity loadRunSettings)\n' +
        '  because: organizer "no-such-org" is not in the configuration (known: acme-events, demo) [ConfigError]',
    );
  });

  it('an error with a plain `cause` chain prints every level once', () => {
    const error = new Error('Failed to start Workflow', { cause: new Error('namespace "x" not found') });
    expect(describeError(error)).toBe('Failed to start Workflow\n  because: namespace "x" not found');
  });

  it('exit code 2 for bad usage or input, 1 for a failure', () => {
    expect(exitCodeOf(new UsageError('expected an organizer id'))).toBe(2);
    expect(exitCodeOf(new SkipListError('bad entry', 'id:T#1'))).toBe(2);
    expect(exitCodeOf(new ResolveEntryError('"#abc" is not a rejection reference'))).toBe(2);
    expect(exitCodeOf(z.string().safeParse(1).error)).toBe(2);
    expect(
      exitCodeOf(
        new WorkflowFailedError('Workflow execution failed', configError, RetryState.NON_RETRYABLE_FAILURE),
      ),
    ).toBe(2);
    // A missing or invalid codec key is configuration: the operator fixes it, a retry cannot.
    expect(exitCodeOf(new CodecConfigError('TIXNGO_FEEDBACK_CODEC_KEYS is not set'))).toBe(2);
    expect(exitCodeOf(new Error('Cannot reach Temporal at 127.0.0.1:1'))).toBe(1);
    expect(
      exitCodeOf(
        new WorkflowFailedError(
          'Workflow execution failed',
          ApplicationFailure.create({
            message: 'TIXNGO failed to answer (HTTP 503)',
            type: 'TransportError',
          }),
          RetryState.MAXIMUM_ATTEMPTS_REACHED,
        ),
      ),
    ).toBe(1);
  });
});
