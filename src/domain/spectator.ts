import { z } from 'zod';
import { StorableText } from './storableText';

export const OrganizerSpectatorPreference = z.object({
  allowPromoEmail: z.boolean().optional(),
  allowThirdPartyEmail: z.boolean().optional(),
});

/** A spectator as TIXNGO describes the wallet owner or the holder (all fields optional, text S-360 can store). */
export const SpectatorDetails = z.object({
  title: StorableText.max(64).optional(),
  firstName: StorableText.max(256).optional(),
  lastName: StorableText.max(256).optional(),
  dateOfBirth: StorableText.max(64).optional(),
  email: StorableText.max(320).optional(),
  nationality: StorableText.max(64).optional(),
  idCardNumber: StorableText.max(128).optional(),
  phoneNumber: StorableText.max(64).optional(),
  residenceCountry: StorableText.max(64).optional(),
  language: StorableText.max(32).optional(),
  organizerSpectatorPreference: OrganizerSpectatorPreference.optional(),
});
export type SpectatorDetails = z.infer<typeof SpectatorDetails>;
