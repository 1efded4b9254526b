import type { SpectatorDetails } from '../../domain/spectator';
import { hash32, pick, unitHash } from './random';

/** Realistic fake spectators for scenarios and generated volumes (example.org e-mails only). */

const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Emma',
  'Felix',
  'Giulia',
  'Hugo',
  'Inès',
  'Jonas',
  'Kenji',
  'Lea',
  'Marco',
  'Nora',
  'Oscar',
  'Paula',
  'Quentin',
  'Rosa',
  'Samir',
  'Tamara',
  'Ugo',
  'Vera',
  'William',
  'Xenia',
  'Yusuf',
  'Zoë',
  'Amélie',
  'Björn',
  'Chloé',
  'Diego',
  'Élodie',
  'Filipa',
  'Gaëlle',
  'Hannah',
] as const;

const LAST_NAMES = [
  'Meier',
  'Müller',
  'Rossi',
  'Dubois',
  'Schmid',
  'Keller',
  'Martin',
  'García',
  'Bianchi',
  'Weber',
  'Fischer',
  'Moreau',
  'Santos',
  'Nakamura',
  'Andersen',
  'Kowalski',
  'Novak',
  'Ferreira',
  'Lambert',
  'Huber',
  'Brunner',
  'Lefèvre',
  "O'Neill",
  'Van der Berg',
  'Zimmermann',
  'Costa',
  'Petit',
  'Silva',
] as const;

const COUNTRIES = ['CH', 'FR', 'DE', 'IT', 'ES', 'PT', 'GB', 'US', 'JP', 'BR', 'NL', 'PL'] as const;
const LANGUAGES = {
  CH: 'de',
  FR: 'fr',
  DE: 'de',
  IT: 'it',
  ES: 'es',
  PT: 'pt',
  GB: 'en',
  US: 'en',
  JP: 'ja',
  BR: 'pt',
  NL: 'nl',
  PL: 'pl',
} as const;
const TITLES = ['Mr', 'Ms', 'Mx', 'Dr'] as const;

/** The e-mail local part of a name: lower case, no accents, no spaces or quotes. */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * The spectator number `index` of a seeded population: same seed and index, same person. E-mails
 * carry the index, so two people never share one.
 */
export function fakePerson(seed: number, index: number): SpectatorDetails {
  const h = hash32(seed, index, 0x5eed);
  // One hash, cut into independent slices: cheap enough for millions of people.
  const h2 = hash32(h, 1);
  const first = h % FIRST_NAMES.length;
  const last = (h >>> 8) % LAST_NAMES.length;
  const country = pick(COUNTRIES, unitHash(h, 3));
  const firstName = FIRST_NAMES[first] ?? 'Anna';
  const lastName = LAST_NAMES[last] ?? 'Meier';
  const year = 1950 + (h2 % 56);
  const month = 1 + ((h2 >>> 6) % 12);
  const day = 1 + ((h2 >>> 10) % 28);
  return {
    title: TITLES[(h >>> 16) % TITLES.length],
    firstName,
    lastName,
    dateOfBirth: `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`,
    email: `${FIRST_EMAIL[first]}.${LAST_EMAIL[last]}.${seed}-${index}@example.org`,
    nationality: country,
    idCardNumber: `X${String(h2 % 100_000_000).padStart(8, '0')}`,
    phoneNumber: `+41 79 ${String(h % 10_000_000).padStart(7, '0')}`,
    residenceCountry: COUNTRIES[(h2 >>> 20) % COUNTRIES.length],
    language: LANGUAGES[country],
    organizerSpectatorPreference: {
      allowPromoEmail: (h2 >>> 24) % 10 < 6,
      allowThirdPartyEmail: (h >>> 24) % 10 < 3,
    },
  };
}

const FIRST_EMAIL = FIRST_NAMES.map(emailPart);
const LAST_EMAIL = LAST_NAMES.map(emailPart);

/** The cast of the scripted scenarios, by first name. */
export const PEOPLE = {
  anna: person('Ms', 'Anna', 'Meier', '1990-04-01', 'CH', 'de'),
  ben: person('Mr', 'Ben', 'Okafor', '1985-11-23', 'GB', 'en'),
  carla: person('Ms', 'Carla', 'Rossi', '1998-02-14', 'IT', 'it'),
  david: person('Mr', 'David', 'García', '1979-07-30', 'ES', 'es'),
  emma: person('Ms', 'Emma', 'Dubois', '2001-09-05', 'FR', 'fr'),
  felix: person('Mr', 'Felix', 'Müller', '1993-12-12', 'DE', 'de'),
} as const satisfies Record<string, SpectatorDetails>;
export type PersonName = keyof typeof PEOPLE;

function person(
  title: string,
  firstName: string,
  lastName: string,
  dateOfBirth: string,
  country: string,
  language: string,
): SpectatorDetails & { email: string } {
  return {
    title,
    firstName,
    lastName,
    dateOfBirth,
    email: `${emailPart(firstName)}.${emailPart(lastName)}@example.org`,
    nationality: country,
    idCardNumber: `P${emailPart(lastName).toUpperCase().slice(0, 3)}${dateOfBirth.replace(/-/g, '')}`,
    phoneNumber: '+41 79 555 01 23',
    residenceCountry: country,
    language,
    organizerSpectatorPreference: { allowPromoEmail: true, allowThirdPartyEmail: false },
  };
}
