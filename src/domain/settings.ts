import { z } from 'zod';
import { OrganizerId } from './organizer';

/** Where and how to reach an organizer's TIXNGO diff endpoint. Keys never live here: see secrets. */
export const TixngoEndpoint = z.object({
  baseUrl: z.url(),
  diffPath: z.string().startsWith('/').default('/tickets/diff'),
  authHeader: z.string().min(1).default('x-tixngo-key'),
  timeoutMs: z.number().int().positive().default(30_000),
});

export const S360Endpoint = z.object({
  baseUrl: z.url(),
  timeoutMs: z.number().int().positive().default(30_000),
});

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `90s`, `15m`, `1h` → milliseconds. */
export function durationMs(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new ConfigError(`"${text}" is not a duration like 90s, 15m or 1h`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export const OrganizerSettings = z.object({
  tixngo: TixngoEndpoint,
  s360: S360Endpoint,
  /** Tickets per diff page (SPEC §2: default and recommended 1000; TIXNGO allows up to 10 000). */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
  /** The interface's custom parameters, `KEY=value` per line, as typed in S-360 (SPEC §4). */
  customParameters: z.string().default(''),
  /** Tickets to ignore: comma separated, `id:<ticketId>` or a tax number (SPEC §2). */
  skipTickets: z.string().default(''),
  /** How long a recipient has to accept a transfer before TIXNGO cancels it (SPEC §8, §11). */
  acceptanceWindow: z.string().regex(DURATION, 'use a duration like 90s, 15m or 1h').default('1h'),
  /** Pages per run; a run that reaches it hands over to the next cron run (keeps history small). */
  pageBudget: z.number().int().min(1).max(1000).default(50),
});
export type OrganizerSettings = z.infer<typeof OrganizerSettings>;
export type OrganizerSettingsInput = z.input<typeof OrganizerSettings>;

export const FeedbackConfig = z.object({
  organizers: z.record(OrganizerId, OrganizerSettings),
});
export type FeedbackConfig = z.infer<typeof FeedbackConfig>;
export type FeedbackConfigInput = z.input<typeof FeedbackConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a configuration; every error names the organizer and the field. */
export function parseFeedbackConfig(raw: unknown, source = 'configuration'): FeedbackConfig {
  const parsed = FeedbackConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [root, organizerId, ...field] = issue.path.map(String);
    const where =
      root === 'organizers' && organizerId !== undefined
        ? `organizer "${organizerId}"${field.length ? `, field "${field.join('.')}"` : ''}`
        : `field "${issue.path.join('.') || '(root)'}"`;
    return `${where}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${source}: ${problems.join('; ')}`);
}
