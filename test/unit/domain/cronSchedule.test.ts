import { checkCronSchedule, CronScheduleError, goDurationMs } from '../../../src/domain/cronSchedule';

describe('cron specs checked before a schedule starts (issue 15 item 1)', () => {
  it.each([
    '*/5 * * * *',
    '0 9 * * MON-FRI',
    '@every 30s',
    '@every 1h30m',
    '@hourly',
    'CRON_TZ=Europe/Zurich 0 8 * * *',
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
  ])('refuses %j, naming the spec and the reason', (spec, reason) => {
    expect(() => checkCronSchedule(spec)).toThrow(CronScheduleError);
    expect(() => checkCronSchedule(spec)).toThrow(reason);
    expect(() => checkCronSchedule(spec)).toThrow(JSON.stringify(spec));
  });

  it('reads Go durations', () => {
    expect(goDurationMs('1h30m')).toBe(5_400_000);
    expect(goDurationMs('1.5s')).toBe(1500);
    expect(goDurationMs('30')).toBeUndefined();
  });
});
