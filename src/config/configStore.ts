import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { envName } from '../domain/organizer';
import {
  ConfigError,
  configFieldWarnings,
  parseFeedbackConfig,
  type FeedbackConfig,
  type OrganizerSettings,
} from '../domain/settings';

/** Gives an organizer's settings; read at each run so a change applies without a restart. */
export interface ConfigStore {
  organizer(organizerId: string): Promise<OrganizerSettings>;
  /** The organizer ids configured now (the worker's metrics start their series from them). */
  organizerIds(): Promise<string[]>;
  /** Warnings about the configuration as a whole (unknown top-level fields), for every run. */
  warnings(): Promise<string[]>;
}

function pick(config: FeedbackConfig, organizerId: string, source: string): OrganizerSettings {
  const settings = config.organizers[organizerId];
  if (!settings) {
    // A near-miss (`org.3` for `org-3`) would read the configured organizer's key variables.
    const sharing = Object.keys(config.organizers).find((known) => envName(known) === envName(organizerId));
    if (sharing !== undefined) {
      throw new ConfigError(
        `Organizer "${organizerId}" is not in the ${source}; it would share configured organizer ` +
          `"${sharing}"'s secret variables TIXNGO_API_KEY__${envName(organizerId)} / ` +
          `S360_API_KEY__${envName(organizerId)}: use "${sharing}", or configure another id.`,
      );
    }
    const known = Object.keys(config.organizers).join(', ') || 'none';
    throw new ConfigError(`Organizer "${organizerId}" is not in the ${source} (known: ${known}).`);
  }
  return settings;
}

export function staticConfigStore(raw: unknown): ConfigStore {
  const config = parseFeedbackConfig(raw);
  return {
    organizer: async (organizerId) => pick(config, organizerId, 'configuration'),
    organizerIds: async () => Object.keys(config.organizers),
    warnings: async () => configFieldWarnings(config),
  };
}

/**
 * Reads and validates the JSON configuration file when it changed (size, modification time or
 * inode differ from the last read), so every call sees the file as it is now without re-parsing
 * it for each of the many transfer steps of a run. A file that fails to read or parse is never kept.
 */
export function fileConfigStore(file: string): ConfigStore {
  const source = `configuration file ${file}`;
  let cached: { version: string; config: FeedbackConfig } | undefined;

  async function load(): Promise<FeedbackConfig> {
    let version: string;
    let text: string;
    try {
      // Synchronous: one local syscall per call costs less CPU than a thread-pool round trip, and this
      // runs at every activity (each transfer step).
      const info = statSync(file);
      version = `${info.ino}:${info.size}:${info.mtimeMs}`;
      if (cached?.version === version) return cached.config;
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
    const config = parseFeedbackConfig(raw, source);
    cached = { version, config };
    return config;
  }

  return {
    organizer: async (organizerId) => pick(await load(), organizerId, source),
    organizerIds: async () => Object.keys((await load()).organizers),
    warnings: async () => configFieldWarnings(await load()),
  };
}
