/**
 * Loaded by path (`failureConverterPath`): by the worker for activity failures and bundled into the
 * workflow code for workflow failures. Failure messages and stack traces travel as an encoded
 * attribute payload, which the payload codec encrypts; the visible message is "Encoded failure".
 * No Node built-ins here: this file runs in the workflow sandbox too.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
