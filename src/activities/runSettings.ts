import type { ConfigStore } from '../config/configStore';
import { CustomParameterError, parseCustomParameters } from '../domain/customParameters';
import { ConfigError, durationMs, unknownFieldWarnings, type OrganizerSettings } from '../domain/settings';
import { parseSkipList, skipEntryOf, SkipListError } from '../domain/skipList';
import { pageTimeoutMs } from './pageTimeout';

/** What a run needs to know of its organizer's settings: no endpoint, no secret. */
export interface RunSettings {
  /** Skip-list entries from the configuration (`id:<ticketId>` or tax numbers). */
  configSkipTickets: string[];
  doContinueInCaseOfSyncError: boolean;
  distributionEnabled: boolean;
  acceptanceWindowMs: number;
  pageBudget: number;
  /** Start-to-close timeout of one page attempt, from the organizer's timeouts (src/activities/pageTimeout.ts). */
  pageTimeoutMs: number;
  warnings: string[];
}

/** Reads the organizer's settings afresh (a change applies at the next run, no restart). */
export async function loadRunSettings(config: ConfigStore, organizerId: string): Promise<RunSettings> {
  const settings = await config.organizer(organizerId);
  return runSettingsOf(organizerId, settings, await config.warnings());
}

/**
 * What a run needs of the organizer's settings, as read from the configuration (`configWarnings`:
 * the configuration's own, ConfigStore.warnings, listed first). Throws ConfigError
 * naming the field when `customParameters` or `skipTickets` do not parse (SPEC §4).
 */
export function runSettingsOf(
  organizerId: string,
  settings: OrganizerSettings,
  configWarnings: readonly string[] = [],
): RunSettings {
  const where = `organizer "${organizerId}"`;
  try {
    const { settings: parameters, warnings } = parseCustomParameters(settings.customParameters);
    const skipList = parseSkipList(settings.skipTickets);
    return {
      // Canonical entries (quoted where needed): a page reads them back as exactly these tickets.
      configSkipTickets: [
        ...skipList.ticketIds.map((id) => skipEntryOf('id', id)),
        ...skipList.taxNumbers.map((taxNumber) => skipEntryOf('tax', taxNumber)),
      ],
      doContinueInCaseOfSyncError: parameters.doContinueInCaseOfSyncError,
      distributionEnabled: parameters.enableTicketDistributionToCulturalContact,
      acceptanceWindowMs: durationMs(settings.acceptanceWindow),
      pageBudget: settings.pageBudget,
      pageTimeoutMs: pageTimeoutMs(settings),
      warnings: [
        ...configWarnings,
        ...unknownFieldWarnings(organizerId, settings),
        ...warnings.map((warning) => `${where}, customParameters: ${warning}`),
      ],
    };
  } catch (error) {
    if (error instanceof CustomParameterError) {
      throw new ConfigError(`Invalid configuration of ${where}, field "customParameters": ${error.message}`);
    }
    if (error instanceof SkipListError) {
      throw new ConfigError(`Invalid configuration of ${where}, field "skipTickets": ${error.message}`);
    }
    throw error;
  }
}
