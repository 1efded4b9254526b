import { z } from 'zod';
import { StorableText } from './storableText';

export const OrganizerSpectatorPreference = z.object({
  allowPromoEmail: z.boolean().optional(),
  allowThirdPartyEmail: z.boolean().optional(),
});

const spectatorFields = (text: () => z.ZodString) =>
  z.object({
    title: text().max(64).optional(),
    firstName: text().max(256).optional(),
    lastName: text().max(256).optional(),
    dateOfBirth: text().max(64).optional(),
    email: text().max(320).optional(),
    nationality: text().max(64).optional(),
    idCardNumber: text().max(128).optional(),
    phoneNumber: text().max(64).optional(),
    residenceCountry: text().max(64).optional(),
    language: text().max(32).optional(),
    organizerSpectatorPreference: OrganizerSpectatorPreference.optional(),
  });

/** A spectator as TIXNGO describes the wallet owner or the holder (all fields optional, text S-360 can store). */
export const SpectatorDetails = spectatorFields(() => StorableText);
export type SpectatorDetails = z.infer<typeof SpectatorDetails>;

/**
 * The same, as S-360 answers it: any text, since what S-360 holds may have come from elsewhere (an
 * answer is read leniently, what is sent is checked strictly).
 */
export const StoredSpectatorDetails = spectatorFields(() => z.string());
