import { z } from 'zod';
import { closestName } from './closestName';
import { envName, OrganizerId } from './organizer';

/**
 * Where and how to reach an organizer's TIXNGO diff endpoint. Keys never live here: see secrets.
 * Loose objects (here and below): a field of another name is kept, to be warned of by
 * {@link unknownFieldWarnings} (a mistyped field is never ignored silently), not refused.
 */
/**
 * The largest diff page the worker reads at once, in bytes of its HTTP body: the worker's heap is
 * sized for it (bin/worker-node; a page of 1 000 valid tickets of up to MAX_TICKET_BYTES each could
 * otherwise take the worker out of memory, and every organizer with it). A larger page is read again
 * from the same key with fewer items (src/activities/pageRead.ts).
 */
export const DEFAULT_MAX_PAGE_BYTES = 16 * 1024 * 1024;
export const MIN_MAX_PAGE_BYTES = 1024 * 1024;
export const MAX_MAX_PAGE_BYTES = 64 * 1024 * 1024;

export const TixngoEndpoint = z.looseObject({
  baseUrl: z.url(),
  diffPath: z.string().startsWith('/').default('/tickets/diff'),
  authHeader: z.string().min(1).default('x-tixngo-key'),
  timeoutMs: z.number().int().positive().default(30_000),
  /** Bytes of one diff page's body at most (DEFAULT_MAX_PAGE_BYTES); raise it with the worker's heap. */
  maxPageBytes: z
    .number()
    .int()
    .min(MIN_MAX_PAGE_BYTES)
    .max(MAX_MAX_PAGE_BYTES)
    .default(DEFAULT_MAX_PAGE_BYTES),
});

export const S360Endpoint = z.looseObject({
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

export const OrganizerSettings = z.looseObject({
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

/** Organizer ids whose secret variables (`TIXNGO_API_KEY__<envName>`) collide: one would use another's key. */
function sharedKeyVariables(organizers: Record<string, unknown>, context: z.RefinementCtx): void {
  const byVariable = new Map<string, string>();
  for (const organizerId of Object.keys(organizers)) {
    const suffix = envName(organizerId);
    const other = byVariable.get(suffix);
    if (other === undefined) {
      byVariable.set(suffix, organizerId);
      continue;
    }
    context.addIssue({
      code: 'custom',
      path: [organizerId],
      message:
        `organizers "${other}" and "${organizerId}" would share the secret variables ` +
        `TIXNGO_API_KEY__${suffix} and S360_API_KEY__${suffix} (one would use the other's keys); rename one`,
    });
  }
}

/** The configuration file. Loose: a field of another name is kept, to be warned of (configFieldWarnings). */
export const FeedbackConfig = z.looseObject({
  organizers: z.record(OrganizerId, OrganizerSettings).superRefine(sharedKeyVariables),
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

const KNOWN_FIELDS = Object.keys(OrganizerSettings.shape);
const KNOWN_ENDPOINT_FIELDS = {
  tixngo: Object.keys(TixngoEndpoint.shape),
  s360: Object.keys(S360Endpoint.shape),
} as const;

function unknownField(where: string, prefix: string, field: string, known: readonly string[]): string {
  // The name only, JSON-escaped and cut; never the value (it may be anything, a key even).
  const shown = JSON.stringify(`${prefix}${field.length > 80 ? `${field.slice(0, 80)}…` : field}`);
  const meant = closestName(field, known);
  return `${where}: unknown field ${shown} ignored${meant ? ` (did you mean "${prefix}${meant}"?)` : ''}`;
}

/**
 * One warning per field of an organizer's settings (or of its `tixngo` / `s360` endpoint) that no
 * setting reads (`batchsize`, `tixngo.timeoutMS`): names it and the closest known field. The run
 * goes on with the defaults; the warnings go to the run's warnings and the worker log.
 */
export function unknownFieldWarnings(organizerId: string, settings: OrganizerSettings): string[] {
  const where = `organizer "${organizerId}"`;
  const warnings = Object.keys(settings)
    .filter((field) => !KNOWN_FIELDS.includes(field))
    .map((field) => unknownField(where, '', field, KNOWN_FIELDS));
  for (const endpoint of ['tixngo', 's360'] as const) {
    const known = KNOWN_ENDPOINT_FIELDS[endpoint];
    for (const field of Object.keys(settings[endpoint])) {
      if (!known.includes(field)) warnings.push(unknownField(where, `${endpoint}.`, field, known));
    }
  }
  return warnings;
}

const KNOWN_CONFIG_FIELDS = Object.keys(FeedbackConfig.shape);

/**
 * One warning per top-level field of the configuration file that nothing reads (`"pageBudget"` next
 * to `"organizers"`, meant for an organizer; `"organisers"`): names it and the closest known field.
 * Every organizer's run lists them with its own (unknownFieldWarnings).
 */
export function configFieldWarnings(config: FeedbackConfig): string[] {
  return Object.keys(config)
    .filter((field) => !KNOWN_CONFIG_FIELDS.includes(field))
    .map((field) => {
      const meant = closestName(field, [...KNOWN_CONFIG_FIELDS, ...KNOWN_FIELDS]);
      const shown = JSON.stringify(field.length > 80 ? `${field.slice(0, 80)}…` : field);
      const hint =
        meant === undefined
          ? ''
          : KNOWN_FIELDS.includes(meant)
            ? ` ("${meant}" is an organizer's setting: put it inside "organizers" → "<organizer id>")`
            : ` (did you mean "${meant}"?)`;
      return `configuration: unknown top-level field ${shown} ignored${hint}`;
    });
}
