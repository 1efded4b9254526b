import { ConfigError, parseFeedbackConfig } from '../../src/domain/settings';

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
