import { readFile } from 'node:fs/promises';
import {
  ConfigError,
  parseFeedbackConfig,
  type FeedbackConfig,
  type OrganizerSettings,
} from '../domain/settings';

/** Gives an organizer's settings; read at each run so a change applies without a restart. */
export interface ConfigStore {
  organizer(organizerId: string): Promise<OrganizerSettings>;
}

function pick(config: FeedbackConfig, organizerId: string, source: string): OrganizerSettings {
  const settings = config.organizers[organizerId];
  if (!settings) {
    const known = Object.keys(config.organizers).join(', ') || 'none';
    throw new ConfigError(`Organizer "${organizerId}" is not in the ${source} (known: ${known}).`);
  }
  return settings;
}

export function staticConfigStore(raw: unknown): ConfigStore {
  const config = parseFeedbackConfig(raw);
  return { organizer: async (organizerId) => pick(config, organizerId, 'configuration') };
}

/** Reads and validates the JSON configuration file on every call. */
export function fileConfigStore(file: string): ConfigStore {
  return {
    async organizer(organizerId) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new ConfigError(`Cannot read configuration file ${file}: ${(error as Error).message}`);
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new ConfigError(`Configuration file ${file} is not valid JSON: ${(error as Error).message}`);
      }
      return pick(
        parseFeedbackConfig(raw, `configuration file ${file}`),
        organizerId,
        `configuration file ${file}`,
      );
    },
  };
}
