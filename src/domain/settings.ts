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

export const OrganizerSettings = z.object({
  tixngo: TixngoEndpoint,
  s360: S360Endpoint,
  /** Tickets per diff page (SPEC §2: default and recommended 1000; TIXNGO allows up to 10 000). */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
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
