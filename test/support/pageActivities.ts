import { createFeedbackActivities, httpConnector } from '../../src/activities';
import { createTransferKeyer } from '../../src/activities/transferKeys';
import { staticConfigStore } from '../../src/config/configStore';
import { s360KeyVariable, tixngoKeyVariable } from '../../src/config/secrets';
import type { OrganizerSettingsInput } from '../../src/domain/settings';
import { startS360Simulator, type S360Simulator } from '../../src/sim/s360/server';
import { startTixngoSimulator, type TixngoSimulator } from '../../src/sim/tixngo/server';
import { testEnv, uniqueSuffix } from './env';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';

/** The feedback activities of one organizer of their own, on a TIXNGO and an S-360 simulator (HTTP, PostgreSQL). */
export interface PageActivitiesStack {
  organizerId: string;
  tixngo: TixngoSimulator;
  s360: S360Simulator;
  activities: ReturnType<typeof createFeedbackActivities>;
  stop(): Promise<void>;
}

/**
 * Starts both simulators and the production feedback activities for an organizer named
 * `<name>-<suffix>`, with `settings` on top of the simulators' endpoints (e.g. `batchSize`,
 * `tixngo.maxPageBytes`). `stop` closes the simulators and drops the S-360 schema.
 */
export async function startPageActivities(
  name: string,
  settings: Omit<Partial<OrganizerSettingsInput>, 'tixngo' | 's360'> & {
    tixngo?: Omit<Partial<OrganizerSettingsInput['tixngo']>, 'baseUrl'>;
  } = {},
): Promise<PageActivitiesStack> {
  const suffix = uniqueSuffix();
  const organizerId = `${name}-${suffix}`;
  const tixngo = await startTixngoSimulator({ apiKey: 'tixngo-key' });
  const s360 = await startS360Simulator({
    databaseUrl: testEnv('DATABASE_URL'),
    schema: `s360_${name.replace(/\W/g, '_')}_${suffix}`,
    apiKeys: ['s360-key'],
  });
  const secrets: Record<string, string> = {
    [tixngoKeyVariable(organizerId)]: 'tixngo-key',
    [s360KeyVariable(organizerId)]: 's360-key',
  };
  const activities = createFeedbackActivities({
    config: staticConfigStore({
      organizers: {
        [organizerId]: {
          ...settings,
          tixngo: { ...settings.tixngo, baseUrl: tixngo.url },
          s360: { baseUrl: s360.url },
        },
      },
    }),
    connect: httpConnector((name) => secrets[name]),
    transferKeys: createTransferKeyer(transferKeySecretFromEnv()),
  });
  return {
    organizerId,
    tixngo,
    s360,
    activities,
    async stop() {
      await tixngo.close();
      await s360.close({ dropSchema: true });
    },
  };
}
