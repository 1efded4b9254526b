/**
 * A schedule's cron spec, checked before a schedule starts (issue 15 item 1), so a spec Temporal
 * would refuse, or one that would never run as meant, is refused naming the spec and the reason.
 * Temporal's forms: 5 fields (minute hour day-of-month month day-of-week, values checked by
 * cron-parser), `@every <duration>` (Go durations: `30s`, `1h30m`), the descriptors `@hourly`,
 * `@daily`…, and an optional `CRON_TZ=<zone>` (or `TZ=<zone>`) prefix.
 *
 * The Temporal server checks a workflow's cron spec with robfig/cron's standard parser (Go): the
 * zone is loaded with time.LoadLocation (an IANA name, case-sensitive: "Mars/Base" or
 * "europe/zurich" is refused) and `@every` is read with time.ParseDuration, which refuses anything
 * longer than Go's time.Duration, int64 nanoseconds (2562047h47m16.854775807s). Either refusal
 * comes back from the server as a bare "INVALID_ARGUMENT: invalid CronSchedule.", naming neither
 * the spec nor the reason: both are checked here first.
 */
import { CronExpressionParser } from 'cron-parser';

export class CronScheduleError extends Error {
  override name = 'CronScheduleError';
}

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const FIELDS = 'minute hour day-of-month month day-of-week';
/** Go's longest time.Duration (int64 nanoseconds), which time.ParseDuration refuses to exceed. */
export const MAX_GO_DURATION_NS = 9_223_372_036_854_775_807n;
export const MAX_GO_DURATION_TEXT = '2562047h47m16.854775807s';
const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
/** A zone name as time.LoadLocation reads one: no offset such as "+01:00". */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** Milliseconds of a Go duration (`1h30m`, `30s`), or undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(value) * (UNIT_MS[unit as string] ?? 0);
  }
  return total;
}

/** Nanoseconds of a Go duration, exactly (as time.ParseDuration sums them, fractions truncated). */
export function goDurationNs(text: string): bigint | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0n;
  for (const [, whole = '0', fraction = '', unit = 'ns'] of text.matchAll(
    /(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)/g,
  )) {
    const scale = UNIT_NS[unit] ?? 1n;
    total += BigInt(whole) * scale;
    if (fraction) total += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
  }
  return total;
}

/**
 * Why Temporal's time.LoadLocation would refuse the zone of a `CRON_TZ=` / `TZ=` prefix, or
 * undefined when it is an IANA zone name (checked against the zones Node.js knows, in its case).
 */
export function zoneProblem(zone: string): string | undefined {
  if (!ZONE_NAME.test(zone))
    return 'is not an IANA time zone name (e.g. Europe/Zurich, UTC; offsets such as +01:00 are not zones)';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'is not a time zone Temporal knows (an IANA name such as Europe/Zurich or UTC)';
  }
  // Zone files are looked up by their exact name: "europe/zurich" is not found.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase())
    return `is not spelled as the zone's name; use "${resolved}"`;
  return undefined;
}

/** The spec, trimmed, when Temporal can run it as meant; else a CronScheduleError saying why. */
export function checkCronSchedule(spec: string): string {
  const shown = JSON.stringify(spec);
  const trimmed = spec.trim();
  if (trimmed === '')
    throw new CronScheduleError(
      `The cron spec ${shown} is empty: give one like "*/5 * * * *" or "@every 30s".`,
    );
  const prefix = /^(CRON_TZ|TZ)=(\S*)(?:\s+|$)/.exec(trimmed);
  if (prefix) {
    const [, name, zone = ''] = prefix;
    if (zone === '')
      throw new CronScheduleError(
        `The cron spec ${shown}: ${name}= names no time zone (e.g. ${name}=Europe/Zurich).`,
      );
    const problem = zoneProblem(zone);
    if (problem)
      throw new CronScheduleError(`The cron spec ${shown}: the time zone "${zone}" of ${name}= ${problem}.`);
  }
  const body = prefix ? trimmed.slice(prefix[0].length) : trimmed;
  if (prefix && body === '')
    throw new CronScheduleError(
      `The cron spec ${shown} has a time zone but no schedule after it (e.g. "${prefix[1]}=${prefix[2]} */5 * * * *").`,
    );
  if (body.startsWith('@every')) {
    const duration = body.slice('@every'.length).trim();
    const ms = goDurationMs(duration);
    if (ms === undefined)
      throw new CronScheduleError(
        `The cron spec ${shown}: "${duration}" is not a duration (use e.g. 30s, 5m, 1h30m).`,
      );
    if ((goDurationNs(duration) ?? 0n) > MAX_GO_DURATION_NS)
      throw new CronScheduleError(
        `The cron spec ${shown} runs every ${duration}: Temporal refuses an interval longer than ${MAX_GO_DURATION_TEXT} (about 292 years).`,
      );
    if (ms < 1000)
      throw new CronScheduleError(
        `The cron spec ${shown} runs every ${duration}: the interval must be at least 1s.`,
      );
    return trimmed;
  }
  if (body.startsWith('@')) {
    if (DESCRIPTORS.has(body)) return trimmed;
    throw new CronScheduleError(
      `The cron spec ${shown}: "${body}" is not one of ${[...DESCRIPTORS].join(', ')} or "@every <duration>".`,
    );
  }
  const fields = body.split(/\s+/);
  if (fields.length !== 5)
    throw new CronScheduleError(
      `The cron spec ${shown} has ${fields.length} field${fields.length === 1 ? '' : 's'}; a cron spec has 5: ${FIELDS}.`,
    );
  try {
    CronExpressionParser.parse(body);
  } catch (error) {
    throw new CronScheduleError(`The cron spec ${shown} is invalid: ${(error as Error).message}.`);
  }
  return trimmed;
}
