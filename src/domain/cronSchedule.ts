/**
 * A schedule's cron spec, checked before a schedule starts (issue 15 item 1), so a spec Temporal
 * would refuse, or one that would never run as meant, is refused naming the spec and the reason.
 * Temporal's forms: 5 fields (minute hour day-of-month month day-of-week, values checked by
 * cron-parser), `@every <duration>` (Go durations: `30s`, `1h30m`), the descriptors `@hourly`,
 * `@daily`…, and an optional `CRON_TZ=<zone>` prefix.
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

/** Milliseconds of a Go duration (`1h30m`, `30s`), or undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(value) * (UNIT_MS[unit as string] ?? 0);
  }
  return total;
}

/** The spec, trimmed, when Temporal can run it as meant; else a CronScheduleError saying why. */
export function checkCronSchedule(spec: string): string {
  const shown = JSON.stringify(spec);
  const trimmed = spec.trim();
  if (trimmed === '')
    throw new CronScheduleError(
      `The cron spec ${shown} is empty: give one like "*/5 * * * *" or "@every 30s".`,
    );
  const body = trimmed.replace(/^CRON_TZ=\S+\s+/, '');
  if (body.startsWith('@every')) {
    const duration = body.slice('@every'.length).trim();
    const ms = goDurationMs(duration);
    if (ms === undefined)
      throw new CronScheduleError(
        `The cron spec ${shown}: "${duration}" is not a duration (use e.g. 30s, 5m, 1h30m).`,
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
