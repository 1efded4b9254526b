import { runSettingsOf } from '../../src/activities/runSettings';
import { ConfigError, parseFeedbackConfig, type OrganizerSettings } from '../../src/domain/settings';

const valid = {
  organizers: {
    'org-a': {
      tixngo: { baseUrl: 'https://api.tixngo.io/v3/organizer' },
      s360: { baseUrl: 'https://s360.example' },
    },
  },
};

describe('feedback configuration', () => {
  it('fills the defaults of SPEC §2 and §10', () => {
    const settings = parseFeedbackConfig(valid).organizers['org-a'];
    expect(settings).toMatchObject({
      batchSize: 1000,
      tixngo: { diffPath: '/tickets/diff', authHeader: 'x-tixngo-key' },
    });
  });

  it.each([
    [
      { organizers: { 'org-a': { ...valid.organizers['org-a'], batchSize: 0 } } },
      'organizer "org-a", field "batchSize"',
    ],
    [
      { organizers: { 'org-a': { ...valid.organizers['org-a'], tixngo: { baseUrl: 'nope' } } } },
      'organizer "org-a", field "tixngo.baseUrl"',
    ],
    [
      { organizers: { 'org-b': { s360: { baseUrl: 'https://s360.example' } } } },
      'organizer "org-b", field "tixngo"',
    ],
    [{ organizers: { 'bad id!': valid.organizers['org-a'] } }, 'organizer "bad id!"'],
    [{}, 'field "organizers"'],
  ])('an invalid configuration is refused with an error naming where: %#', (raw, where) => {
    expect(() => parseFeedbackConfig(raw)).toThrow(ConfigError);
    expect(() => parseFeedbackConfig(raw)).toThrow(where);
  });
});

describe('a mistyped field is not ignored silently', () => {
  it('an unknown field is a run warning naming it and the closest known field; the feed goes on', () => {
    const raw = {
      organizers: {
        'org-a': {
          ...valid.organizers['org-a'],
          tixngo: { baseUrl: 'https://api.tixngo.io/v3/organizer', timeoutMS: 5_000 },
          batchsize: 200,
          skipticket: 'id:T-1',
          frobnicate: { secret: 'do-not-show' },
        },
      },
    };
    const settings = parseFeedbackConfig(raw).organizers['org-a'];
    expect(settings?.batchSize).toBe(1000);
    const { warnings } = runSettingsOf('org-a', settings as OrganizerSettings);
    expect(warnings).toEqual([
      'organizer "org-a": unknown field "batchsize" ignored (did you mean "batchSize"?)',
      'organizer "org-a": unknown field "skipticket" ignored (did you mean "skipTickets"?)',
      'organizer "org-a": unknown field "frobnicate" ignored',
      'organizer "org-a": unknown field "tixngo.timeoutMS" ignored (did you mean "tixngo.timeoutMs"?)',
    ]);
    expect(warnings.join(' ')).not.toContain('do-not-show');
  });

  it('a configuration without unknown fields has no such warning', () => {
    expect(
      runSettingsOf('org-a', parseFeedbackConfig(valid).organizers['org-a'] as OrganizerSettings).warnings,
    ).toEqual([]);
  });
});

describe('two organizers cannot share an API key variable', () => {
  it.each([
    ['org-3', 'org.3'],
    ['org-3', 'ORG_3'],
    ['a.b', 'A-B'],
  ])('%s and %s are refused, naming both and the variable', (first, second) => {
    const raw = { organizers: { [first]: valid.organizers['org-a'], [second]: valid.organizers['org-a'] } };
    expect(() => parseFeedbackConfig(raw)).toThrow(ConfigError);
    expect(() => parseFeedbackConfig(raw)).toThrow(
      new RegExp(`"${first.replace('.', '\\.')}".*"${second.replace('.', '\\.')}".*TIXNGO_API_KEY__`),
    );
  });

  it('organizers whose variables differ are accepted', () => {
    const raw = { organizers: { 'org-3': valid.organizers['org-a'], 'org-4': valid.organizers['org-a'] } };
    expect(Object.keys(parseFeedbackConfig(raw).organizers)).toEqual(['org-3', 'org-4']);
  });
});
