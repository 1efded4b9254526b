/** What the simulator refuses, with the HTTP status it answers and a sentence that says why. */
export class SimulatorRequestError extends Error {
  override name = 'SimulatorRequestError';
  constructor(
    readonly statusCode: 400 | 404 | 409 | 422,
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
