import { runSettingsOf } from '../../../src/activities/runSettings';
import { OrganizerSettings } from '../../../src/domain/settings';
import { usableSkipList } from '../../../src/domain/skipList';

describe("the configuration's skip entries reach a page naming exactly the tickets they name (fault 4)", () => {
  it('a quoted tax number with a comma, or an id with a trailing space, is not split or trimmed on the way', () => {
    const settings = OrganizerSettings.parse({
      tixngo: { baseUrl: 'http://127.0.0.1:1' },
      s360: { baseUrl: 'http://127.0.0.1:2' },
      skipTickets: '"A,B", id:"sp ace ", 1001',
    });
    const { configSkipTickets } = runSettingsOf('org', settings);
    expect(usableSkipList(configSkipTickets)).toEqual({
      ticketIds: ['sp ace '],
      taxNumbers: ['A,B', '1001'],
    });
  });
});
