/**
 * The interval of a cron schedule, in seconds: what the stalled-organizer alert compares the time
 * since the last successful run with (deploy/prometheus/alerts.yml, issue 15 item 4).
 */
import { CronExpressionParser } from 'cron-parser';
import { goDurationMs } from '../domain/cronSchedule';

/**
 * Seconds between the next two fire times of `spec` (Temporal's forms: `@every <duration>`, the
 * `@hourly`… descriptors, 5 fields, an optional `CRON_TZ=<zone>` prefix); undefined when it cannot tell.
 * For an irregular spec (`0 9 * * 1-5`) it is the next gap, not the longest.
 */
export function cronIntervalSeconds(spec: string, now: Date = new Date()): number | undefined {
  const trimmed = spec.trim();
  const zone = /^CRON_TZ=(\S+)\s+/.exec(trimmed);
  const body = zone ? trimmed.slice(zone[0].length) : trimmed;
  if (body.startsWith('@every')) {
    const ms = goDurationMs(body.slice('@every'.length).trim());
    return ms === undefined || ms <= 0 ? undefined : ms / 1000;
  }
  try {
    const times = CronExpressionParser.parse(body, { currentDate: now, tz: zone?.[1] }).take(2);
    const [first, second] = times.map((time) => time.getTime());
    return first === undefined || second === undefined ? undefined : (second - first) / 1000;
  } catch {
    return undefined;
  }
}
