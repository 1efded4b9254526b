import { z } from 'zod';

/** Organizer ids appear in workflow ids, environment variable names and search attributes. */
export const OrganizerId = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'use letters, digits, "_", "." and "-" (starting with a letter or digit)',
  );
export type OrganizerId = z.infer<typeof OrganizerId>;

/** The suffix of an organizer's secret variables: `TIXNGO_API_KEY__<suffix>`, `S360_API_KEY__<suffix>`. */
export function envName(organizerId: string): string {
  return organizerId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
