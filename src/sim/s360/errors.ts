/** The statuses the simulator answers an error with. */
export type SimulatorStatus = 400 | 404 | 409 | 413 | 422 | 500 | 503;

/** What the simulator refuses, with the HTTP status it answers and a sentence that says why. */
export class SimulatorRequestError extends Error {
  override name = 'SimulatorRequestError';
  constructor(
    readonly statusCode: SimulatorStatus,
    message: string,
    readonly code: string,
    /** Extra fields of the error answer (e.g. the contact that could not be updated). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (message: string): SimulatorRequestError =>
  new SimulatorRequestError(404, message, 'NOT_FOUND');

export const unprocessable = (message: string, code = 'UNPROCESSABLE'): SimulatorRequestError =>
  new SimulatorRequestError(422, message, code);

export const conflict = (
  message: string,
  code: string,
  details: Record<string, unknown> = {},
): SimulatorRequestError => new SimulatorRequestError(409, message, code, details);

/**
 * PostgreSQL's "data exception" errors (SQLSTATE class 22: text it cannot hold, a value out of
 * range…) are the request's fault, not the server's: answered 422, as S-360 refuses what it cannot
 * store, rather than 500. Undefined for any other error.
 */
export function dataException(error: unknown): SimulatorRequestError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return undefined;
  const message = error instanceof Error ? error.message : 'invalid data';
  return unprocessable(`S-360 cannot store this request's data (SQLSTATE ${code}): ${message}`, 'UNSTORABLE');
}
