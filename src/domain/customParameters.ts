/**
 * The interface's custom parameters (SPEC §4): `KEY=value` text, one pair per line, as an operator
 * types it in S-360. Pure: text in, settings and warnings out, or a CustomParameterError naming the
 * key (and the line) that is wrong.
 */

export type LifecycleMode = 'lifecycle';

export interface CustomParameterSettings {
  /** Only lifecycle mode exists; `history` is refused. */
  lifecycleMode: LifecycleMode;
  /** Tickets are (re)injected to the cultural contact, not the last mobile owner. */
  overlaySpectatorDetailsWithLastOwner: boolean;
  /** Contact creation & distribution (SPEC §7–8). */
  enableTicketDistributionToCulturalContact: boolean;
  /** true: a failing ticket is recorded and skipped; false: strict, the run stops (SPEC §11). */
  doContinueInCaseOfSyncError: boolean;
  /** Schedules stay aligned on the clock. */
  stickToTheHour: boolean;
}

export interface ParsedCustomParameters {
  settings: CustomParameterSettings;
  /** Unknown keys and harmless oddities, for the operator to read. */
  warnings: string[];
  /** Unknown keys with their values, kept as given. */
  unknown: Record<string, string>;
}

/** The defaults of SPEC §4 (the newest seed: distribution is active by default). */
export const DEFAULT_CUSTOM_PARAMETERS: Readonly<CustomParameterSettings> = Object.freeze({
  lifecycleMode: 'lifecycle',
  overlaySpectatorDetailsWithLastOwner: true,
  enableTicketDistributionToCulturalContact: true,
  doContinueInCaseOfSyncError: true,
  stickToTheHour: true,
});

export class CustomParameterError extends Error {
  override name = 'CustomParameterError';
  constructor(
    message: string,
    /** The key at fault, as the operator spelled it (absent when the line has no key). */
    readonly key: string | undefined,
    /** 1-based line of the custom parameter text. */
    readonly line: number,
  ) {
    super(message);
  }
}

type BooleanSetting = Exclude<keyof CustomParameterSettings, 'lifecycleMode'>;

export const LIFECYCLE_MODE_KEY = 'TIXNGO_LIFECYCLE_MODE';

/** Every accepted spelling of a boolean key, and the setting it sets (the seeds misspell one). */
export const BOOLEAN_PARAMETER_KEYS: Readonly<Record<string, BooleanSetting>> = Object.freeze({
  overlaySpectatorDetailsWithLastOwner: 'overlaySpectatorDetailsWithLastOwner',
  overlaySpectatirDetailsWithLastOwner: 'overlaySpectatorDetailsWithLastOwner',
  enableTicketDistributionToCulturalContact: 'enableTicketDistributionToCulturalContact',
  doContinueInCaseOfSyncError: 'doContinueInCaseOfSyncError',
  stickToTheHour: 'stickToTheHour',
});

type SettingName = keyof CustomParameterSettings;

function settingOf(key: string): SettingName | undefined {
  if (key === LIFECYCLE_MODE_KEY) return 'lifecycleMode';
  return Object.prototype.hasOwnProperty.call(BOOLEAN_PARAMETER_KEYS, key)
    ? BOOLEAN_PARAMETER_KEYS[key]
    : undefined;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function parseBoolean(key: string, value: string, line: number): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new CustomParameterError(
    `Custom parameter ${key} (line ${line}) must be true or false, not ${quote(value)}.`,
    key,
    line,
  );
}

function parseLifecycleMode(value: string, line: number): LifecycleMode {
  const lower = value.toLowerCase();
  if (lower === 'lifecycle') return 'lifecycle';
  if (lower === 'history') {
    throw new CustomParameterError(
      `Custom parameter ${LIFECYCLE_MODE_KEY}=history (line ${line}) is deprecated and no longer available: ` +
        `remove it or set ${LIFECYCLE_MODE_KEY}=lifecycle.`,
      LIFECYCLE_MODE_KEY,
      line,
    );
  }
  throw new CustomParameterError(
    `Custom parameter ${LIFECYCLE_MODE_KEY} (line ${line}) must be lifecycle, not ${quote(value)}.`,
    LIFECYCLE_MODE_KEY,
    line,
  );
}

interface Assignment {
  key: string;
  value: string;
  line: number;
}

function assignments(text: string): Assignment[] {
  const result: Assignment[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const equals = trimmed.indexOf('=');
    if (equals < 0) {
      throw new CustomParameterError(
        `Custom parameters line ${line} is not KEY=value: ${quote(trimmed)}.`,
        undefined,
        line,
      );
    }
    const key = trimmed.slice(0, equals).trim();
    if (key === '') {
      throw new CustomParameterError(
        `Custom parameters line ${line} has no key before "=".`,
        undefined,
        line,
      );
    }
    result.push({ key, value: trimmed.slice(equals + 1).trim(), line });
  });
  return result;
}

/**
 * Reads custom parameters: one `KEY=value` per line; blank lines and `#` comments are ignored,
 * spaces around keys and values too. Values of known keys are case-insensitive. A key set twice to
 * the same value is a warning; to different values, an error.
 */
export function parseCustomParameters(text: string | undefined | null): ParsedCustomParameters {
  const settings: CustomParameterSettings = { ...DEFAULT_CUSTOM_PARAMETERS };
  const warnings: string[] = [];
  const unknown: Record<string, string> = {};
  const setAt = new Map<SettingName, Assignment>();

  for (const assignment of assignments(text ?? '')) {
    const { key, value, line } = assignment;
    const setting = settingOf(key);
    if (setting === undefined) {
      unknown[key] = value;
      warnings.push(`Unknown custom parameter ${key} (line ${line}) is kept but not used.`);
      continue;
    }
    const parsed =
      setting === 'lifecycleMode' ? parseLifecycleMode(value, line) : parseBoolean(key, value, line);
    const earlier = setAt.get(setting);
    if (earlier) {
      if (settings[setting] !== parsed) {
        throw new CustomParameterError(
          `Custom parameter ${key} (line ${line}) contradicts ${earlier.key}=${earlier.value} (line ${earlier.line}): keep one.`,
          key,
          line,
        );
      }
      warnings.push(`Custom parameter ${key} (line ${line}) repeats line ${earlier.line}.`);
      continue;
    }
    setAt.set(setting, assignment);
    Object.assign(settings, { [setting]: parsed });
  }

  if (settings.enableTicketDistributionToCulturalContact && !settings.overlaySpectatorDetailsWithLastOwner) {
    warnings.push(
      'enableTicketDistributionToCulturalContact=true needs overlaySpectatorDetailsWithLastOwner=true ' +
        '(tickets must be injected to the cultural contact).',
    );
  }
  return { settings, warnings, unknown };
}

/** Writes settings back as custom parameter text (canonical spelling, defaults included). */
export function formatCustomParameters(settings: CustomParameterSettings): string {
  return [
    `${LIFECYCLE_MODE_KEY}=${settings.lifecycleMode}`,
    `overlaySpectatorDetailsWithLastOwner=${settings.overlaySpectatorDetailsWithLastOwner}`,
    `enableTicketDistributionToCulturalContact=${settings.enableTicketDistributionToCulturalContact}`,
    `doContinueInCaseOfSyncError=${settings.doContinueInCaseOfSyncError}`,
    `stickToTheHour=${settings.stickToTheHour}`,
  ].join('\n');
}
