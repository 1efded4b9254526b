import { z } from 'zod';
import { findViolations, type InvariantInput, type S360State, type Violation } from './invariants';

const Time = z.string().datetime({ offset: true });

const StateSchema = z.object({
  tickets: z.array(
    z.object({
      ticketId: z.string(),
      culturalContactId: z.number().int().nullable(),
      culturalContactHistory: z.array(z.object({ contactId: z.number().int(), changedAt: Time.nullable() })),
      lines: z.array(
        z.object({
          lineId: z.number().int(),
          oldContactId: z.number().int().nullable(),
          newContactId: z.number().int(),
          status: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']),
          occurredAt: Time,
        }),
      ),
    }),
  ),
  contacts: z.array(z.object({ contactId: z.number().int(), email: z.string(), temporary: z.boolean() })),
}) satisfies z.ZodType<S360State>;

/**
 * Reads the S-360 simulator's state over HTTP (`GET {baseUrl}/__sim/state`, a simulator-only route
 * outside docs/s360-api.yaml). Throws when the simulator cannot be read or answers another shape.
 */
export async function readS360State(baseUrl: string): Promise<S360State> {
  const response = await fetch(new URL('/__sim/state', baseUrl), { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`S-360 simulator state: HTTP ${response.status} on GET /__sim/state`);
  const parsed = StateSchema.safeParse(await response.json());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `S-360 simulator state: unexpected shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/** Reads the simulator at `baseUrl` and lists every invariant violation (invariants.ts). */
export async function checkS360Invariants(
  baseUrl: string,
  options: Omit<InvariantInput, 'state'> = {},
): Promise<Violation[]> {
  return findViolations({ ...options, state: await readS360State(baseUrl) });
}
