import {
  CustomParameterError,
  DEFAULT_CUSTOM_PARAMETERS,
  formatCustomParameters,
  parseCustomParameters,
  type CustomParameterSettings,
} from '../../../src/domain/customParameters';

function errorOf(text: string): CustomParameterError {
  try {
    parseCustomParameters(text);
  } catch (error) {
    if (error instanceof CustomParameterError) return error;
    throw error;
  }
  throw new Error('expected a CustomParameterError');
}

describe('custom parameters (SPEC §4)', () => {
  describe('defaults', () => {
    it.each([
      ['lifecycleMode', 'lifecycle'],
      ['overlaySpectatorDetailsWithLastOwner', true],
      ['enableTicketDistributionToCulturalContact', true],
      ['doContinueInCaseOfSyncError', true],
      ['stickToTheHour', true],
    ] as const)('%s defaults to %j when absent', (setting, value) => {
      for (const empty of ['', '   \n\n', undefined, null]) {
        const { settings, warnings } = parseCustomParameters(empty);
        expect(settings[setting]).toBe(value);
        expect(warnings).toEqual([]);
      }
      expect(DEFAULT_CUSTOM_PARAMETERS[setting]).toBe(value);
    });

    it('contact creation & distribution is active by default (the newest seed)', () => {
      expect(parseCustomParameters('').settings.enableTicketDistributionToCulturalContact).toBe(true);
    });
  });

  describe('TIXNGO_LIFECYCLE_MODE', () => {
    it.each(['lifecycle', 'LIFECYCLE', ' lifecycle '])('%j selects lifecycle mode', (value) => {
      expect(parseCustomParameters(`TIXNGO_LIFECYCLE_MODE=${value}`).settings.lifecycleMode).toBe(
        'lifecycle',
      );
    });

    it.each(['history', 'HISTORY'])('%j is refused as deprecated, with a clear error', (value) => {
      const error = errorOf(`TIXNGO_LIFECYCLE_MODE=${value}`);
      expect(error.key).toBe('TIXNGO_LIFECYCLE_MODE');
      expect(error.message).toBe(
        'Custom parameter TIXNGO_LIFECYCLE_MODE=history (line 1) is deprecated and no longer available: ' +
          'remove it or set TIXNGO_LIFECYCLE_MODE=lifecycle.',
      );
    });

    it.each(['', 'legacy', 'true'])('%j is a bad value that names the key', (value) => {
      const error = errorOf(`TIXNGO_LIFECYCLE_MODE=${value}`);
      expect(error.key).toBe('TIXNGO_LIFECYCLE_MODE');
      expect(error.message).toBe(
        `Custom parameter TIXNGO_LIFECYCLE_MODE (line 1) must be lifecycle, not ${JSON.stringify(value)}.`,
      );
    });
  });

  describe('boolean parameters', () => {
    const cases: [string, keyof CustomParameterSettings][] = [
      ['overlaySpectatorDetailsWithLastOwner', 'overlaySpectatorDetailsWithLastOwner'],
      ['overlaySpectatirDetailsWithLastOwner', 'overlaySpectatorDetailsWithLastOwner'],
      ['enableTicketDistributionToCulturalContact', 'enableTicketDistributionToCulturalContact'],
      ['doContinueInCaseOfSyncError', 'doContinueInCaseOfSyncError'],
      ['stickToTheHour', 'stickToTheHour'],
    ];

    describe.each(cases)('%s', (key, setting) => {
      it.each([
        ['true', true],
        ['false', false],
        ['FALSE', false],
        [' True ', true],
      ])(`${key}=%s sets ${setting} to %s`, (value, expected) => {
        expect(parseCustomParameters(`${key}=${value}`).settings[setting]).toBe(expected);
      });

      it.each(['yes', '1', '', 'off'])('a bad value (%j) is an error naming the key', (value) => {
        const error = errorOf(`stickToTheHour=true\n${key}=${value}`);
        expect(error.key).toBe(key);
        expect(error.line).toBe(2);
        expect(error.message).toBe(
          `Custom parameter ${key} (line 2) must be true or false, not ${JSON.stringify(value)}.`,
        );
      });
    });

    it('accepts both spellings of overlaySpectatorDetailsWithLastOwner', () => {
      expect(
        parseCustomParameters('overlaySpectatirDetailsWithLastOwner=false').settings
          .overlaySpectatorDetailsWithLastOwner,
      ).toBe(false);
      expect(
        parseCustomParameters('overlaySpectatorDetailsWithLastOwner=false').settings
          .overlaySpectatorDetailsWithLastOwner,
      ).toBe(false);
    });

    it('both spellings with the same value is a warning; with different values, an error', () => {
      const same = parseCustomParameters(
        'overlaySpectatorDetailsWithLastOwner=true\noverlaySpectatirDetailsWithLastOwner=true',
      );
      expect(same.warnings).toEqual([
        'Custom parameter overlaySpectatirDetailsWithLastOwner (line 2) repeats line 1.',
      ]);
      const error = errorOf(
        'overlaySpectatorDetailsWithLastOwner=true\noverlaySpectatirDetailsWithLastOwner=false',
      );
      expect(error.key).toBe('overlaySpectatirDetailsWithLastOwner');
      expect(error.message).toBe(
        'Custom parameter overlaySpectatirDetailsWithLastOwner (line 2) contradicts ' +
          'overlaySpectatorDetailsWithLastOwner=true (line 1): keep one.',
      );
    });

    it('warns when distribution is on without injecting to the cultural contact', () => {
      const { settings, warnings } = parseCustomParameters('overlaySpectatorDetailsWithLastOwner=false');
      expect(settings.enableTicketDistributionToCulturalContact).toBe(true);
      expect(warnings).toEqual([
        'enableTicketDistributionToCulturalContact=true needs overlaySpectatorDetailsWithLastOwner=true ' +
          '(tickets must be injected to the cultural contact).',
      ]);
    });
  });

  describe('text format', () => {
    it('reads a full block, with blank lines, comments, CRLF and spaces around "="', () => {
      const text = [
        '# TIXNGO feedback',
        'TIXNGO_LIFECYCLE_MODE = lifecycle',
        '',
        '  enableTicketDistributionToCulturalContact=false  ',
        'doContinueInCaseOfSyncError=false',
        'stickToTheHour=false',
      ].join('\r\n');
      expect(parseCustomParameters(text)).toEqual({
        settings: {
          lifecycleMode: 'lifecycle',
          overlaySpectatorDetailsWithLastOwner: true,
          enableTicketDistributionToCulturalContact: false,
          doContinueInCaseOfSyncError: false,
          stickToTheHour: false,
        },
        warnings: [],
        unknown: {},
      });
    });

    it('keeps unknown keys and reports each as a warning', () => {
      const { settings, warnings, unknown } = parseCustomParameters(
        'SOME_OTHER_INTERFACE_KEY=a=b\nstickToTheHour=false\nlifecycleMode=history',
      );
      expect(settings.stickToTheHour).toBe(false);
      expect(settings.lifecycleMode).toBe('lifecycle');
      expect(unknown).toEqual({ SOME_OTHER_INTERFACE_KEY: 'a=b', lifecycleMode: 'history' });
      expect(warnings).toEqual([
        'Unknown custom parameter SOME_OTHER_INTERFACE_KEY (line 1) is kept but not used.',
        'Unknown custom parameter lifecycleMode (line 3) is kept but not used.',
      ]);
    });

    it('keys are case-sensitive: a differently cased key is unknown', () => {
      const { settings, warnings } = parseCustomParameters('STICKTOTHEHOUR=false');
      expect(settings.stickToTheHour).toBe(true);
      expect(warnings).toHaveLength(1);
    });

    it.each([
      ['stickToTheHour', 1, 'Custom parameters line 1 is not KEY=value: "stickToTheHour".'],
      ['stickToTheHour=true\n=true', 2, 'Custom parameters line 2 has no key before "=".'],
    ])('a line that is not KEY=value (%j) is an error naming the line', (text, line, message) => {
      const error = errorOf(text);
      expect(error.line).toBe(line);
      expect(error.key).toBeUndefined();
      expect(error.message).toBe(message);
    });

    it('the same key twice with different values is an error naming the key and both lines', () => {
      const error = errorOf('stickToTheHour=true\n\nstickToTheHour=false');
      expect(error.message).toBe(
        'Custom parameter stickToTheHour (line 3) contradicts stickToTheHour=true (line 1): keep one.',
      );
    });

    it('does not treat inherited object keys as parameters', () => {
      expect(parseCustomParameters('constructor=1\ntoString=2').warnings).toHaveLength(2);
    });

    it('formats settings back to text that parses to the same settings', () => {
      const settings: CustomParameterSettings = {
        ...DEFAULT_CUSTOM_PARAMETERS,
        enableTicketDistributionToCulturalContact: false,
        stickToTheHour: false,
      };
      expect(parseCustomParameters(formatCustomParameters(settings)).settings).toEqual(settings);
    });
  });
});
