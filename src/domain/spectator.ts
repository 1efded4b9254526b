import { z } from 'zod';

export const OrganizerSpectatorPreference = z.object({
  allowPromoEmail: z.boolean().optional(),
  allowThirdPartyEmail: z.boolean().optional(),
});

/** A spectator as TIXNGO describes the wallet owner or the holder (all fields optional). */
export const SpectatorDetails = z.object({
  title: z.string().max(64).optional(),
  firstName: z.string().max(256).optional(),
  lastName: z.string().max(256).optional(),
  dateOfBirth: z.string().max(64).optional(),
  email: z.string().max(320).optional(),
  nationality: z.string().max(64).optional(),
  idCardNumber: z.string().max(128).optional(),
  phoneNumber: z.string().max(64).optional(),
  residenceCountry: z.string().max(64).optional(),
  language: z.string().max(32).optional(),
  organizerSpectatorPreference: OrganizerSpectatorPreference.optional(),
});
export type SpectatorDetails = z.infer<typeof SpectatorDetails>;
