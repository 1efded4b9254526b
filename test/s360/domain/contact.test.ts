import {
  chooseContact,
  contactFieldsFromSpectator,
  isTemporaryName,
  type ContactCandidate,
} from '../../../src/domain/contact';

const individual = (contactId: number, hasInternetAccount: boolean): ContactCandidate => ({
  contactId,
  structure: 'INDIVIDUAL',
  hasInternetAccount,
});
const relay = (contactId: number, hasInternetAccount: boolean): ContactCandidate => ({
  contactId,
  structure: 'RELAY',
  hasInternetAccount,
});

describe('choosing among contacts that share an e-mail (SPEC §7, §11)', () => {
  it.each<[string, ContactCandidate[], number | undefined]>([
    ['no contact: none to reuse', [], undefined],
    ['a single contact is reused, with or without an internet account', [individual(7, false)], 7],
    ['the one with an internet account wins', [individual(1, false), individual(2, true)], 2],
    ['an internet account beats being an individual', [individual(1, false), relay(2, true)], 2],
    [
      'two with an internet account: the individual before the relay',
      [relay(1, true), individual(2, true)],
      2,
    ],
    [
      'none with an internet account: the individual before the relay',
      [relay(1, false), individual(2, false)],
      2,
    ],
    [
      'equals: the oldest (lowest id), whatever the order given',
      [individual(9, true), individual(4, true)],
      4,
    ],
    [
      'all together',
      [relay(1, false), individual(2, false), relay(3, true), individual(5, true), individual(4, true)],
      4,
    ],
  ])('%s', (_rule, candidates, expected) => {
    expect(chooseContact(candidates)?.contactId).toBe(expected);
  });
});

describe('a temporary contact is the one named "Pending CREATION" (SPEC §7)', () => {
  it.each<[string | undefined, string | undefined, boolean]>([
    ['Pending', 'CREATION', true],
    [' Pending ', 'CREATION ', true],
    [undefined, undefined, true],
    ['', '', true],
    ['Rita', 'Recipient', false],
    ['Pending', 'Recipient', false],
    [undefined, 'Recipient', false],
    ['pending', 'creation', false],
  ])('first name %p, last name %p → temporary: %p', (firstName, lastName, temporary) => {
    expect(isTemporaryName(firstName, lastName)).toBe(temporary);
  });
});

describe('contact fields from TIXNGO spectator details (SPEC §7 mapping)', () => {
  it('maps each of the 12 fields', () => {
    expect(
      contactFieldsFromSpectator({
        title: 'Ms',
        firstName: 'Rita',
        lastName: 'Recipient',
        dateOfBirth: '1990-04-01',
        email: 'rita@example.test',
        nationality: 'CH',
        idCardNumber: 'X1234567',
        phoneNumber: '+41790000000',
        residenceCountry: 'FR',
        language: 'fr',
        organizerSpectatorPreference: { allowPromoEmail: true, allowThirdPartyEmail: false },
      }),
    ).toEqual({
      title: 'Ms',
      firstName: 'Rita',
      lastName: 'Recipient',
      birthdate: '1990-04-01',
      email: 'rita@example.test',
      nationality: 'CH',
      idNumber: 'X1234567',
      cellPhone: '+41790000000',
      countryCode: 'FR',
      preferredLanguage: 'fr',
      consentInstitutionEmail: true,
      consentThirdPartyEmail: false,
    });
  });

  it('gives only what TIXNGO sent (absent and empty fields are left out)', () => {
    expect(contactFieldsFromSpectator({ email: 'r@example.test', firstName: '', lastName: 'R' })).toEqual({
      email: 'r@example.test',
      lastName: 'R',
    });
  });
});
