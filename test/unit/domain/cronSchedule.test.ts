import {
  checkCronSchedule,
  CronScheduleError,
  goDurationMs,
  goDurationNs,
  MAX_GO_DURATION_NS,
} from '../../../src/domain/cronSchedule';

describe('cron specs checked before a schedule starts (issue 15 item 1)', () => {
  it.each([
    '*/5 * * * *',
    '0 9 * * MON-FRI',
    '@every 30s',
    '@every 1h30m',
    '@hourly',
    'CRON_TZ=Europe/Zurich 0 8 * * *',
    'TZ=UTC @every 1h',
    'CRON_TZ=America/New_York @daily',
    '@every 2562047h47m16.854775807s',
    '@every 2562047h',
  ])('accepts %j', (spec) => expect(checkCronSchedule(` ${spec} `)).toBe(spec));

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    ['@every 0s', /at least 1s/],
    ['@every 500ms', /at least 1s/],
    ['@every soon', /"soon" is not a duration/],
    ['*/5 * * *', /has 4 fields; a cron spec has 5: minute hour/],
    ['*/5 * * * * *', /has 6 fields/],
    ['61 * * * *', /is invalid: .*61/],
    ['@sometimes', /"@sometimes" is not one of/],
    // Temporal (Go's time.LoadLocation) refuses these zones: "invalid CronSchedule", no reason given.
    ['CRON_TZ=Mars/Base */5 * * * *', /time zone "Mars\/Base" of CRON_TZ= is not a time zone Temporal knows/],
    ['TZ=Mars/Base @hourly', /time zone "Mars\/Base" of TZ= is not a time zone/],
    ['CRON_TZ=europe/zurich 0 8 * * *', /"europe\/zurich" .* use "Europe\/Zurich"/],
    ['CRON_TZ=+01:00 0 8 * * *', /"\+01:00" of CRON_TZ= is not an IANA time zone name/],
    ['CRON_TZ= 0 8 * * *', /CRON_TZ= names no time zone/],
    ['CRON_TZ=UTC', /has a time zone but no schedule after it/],
    // Longer than Go's time.Duration (int64 ns): time.ParseDuration refuses it on the server.
    [
      '@every 99999999h',
      /runs every 99999999h: Temporal refuses an interval longer than 2562047h47m16.854775807s/,
    ],
    ['@every 2562047h47m16.854775808s', /longer than 2562047h47m16.854775807s/],
    ['CRON_TZ=UTC @every 3000000h', /longer than/],
  ])('refuses %j, naming the spec and the reason', (spec, reason) => {
    expect(() => checkCronSchedule(spec)).toThrow(CronScheduleError);
    expect(() => checkCronSchedule(spec)).toThrow(reason);
    expect(() => checkCronSchedule(spec)).toThrow(JSON.stringify(spec));
  });

  it('reads Go durations', () => {
    expect(goDurationMs('1h30m')).toBe(5_400_000);
    expect(goDurationMs('1.5s')).toBe(1500);
    expect(goDurationMs('30')).toBeUndefined();
    expect(goDurationNs('1.5s')).toBe(1_500_000_000n);
    expect(goDurationNs('2562047h47m16.854775807s')).toBe(MAX_GO_DURATION_NS);
  });
});
