import type { OrganizerSettings } from '../domain/settings';
import { createDiffClient, type DiffClient } from '../tixngo/diffClient';
import { createHttpS360Gateway } from '../s360/httpGateway';
import type { S360Gateway } from '../s360/gateway';
import { requireSecret, s360KeyVariable, tixngoKeyVariable, type SecretSource } from '../config/secrets';

/** The two external systems, as seen for one organizer. */
export interface OrganizerConnection {
  tixngo: DiffClient;
  s360: S360Gateway;
}

export type OrganizerConnector = (organizerId: string, settings: OrganizerSettings) => OrganizerConnection;

/**
 * Production connector: HTTP adapters with the organizer's keys read from the worker's secrets. Each
 * adapter is made (and its key read) on first use: a transfer step that never calls TIXNGO does not
 * build its client.
 */
export function httpConnector(secrets: SecretSource): OrganizerConnector {
  return (organizerId, settings) => {
    let tixngo: DiffClient | undefined;
    let s360: S360Gateway | undefined;
    return {
      get tixngo() {
        tixngo ??= createDiffClient({
          organizerId,
          baseUrl: settings.tixngo.baseUrl,
          diffPath: settings.tixngo.diffPath,
          authHeader: settings.tixngo.authHeader,
          timeoutMs: settings.tixngo.timeoutMs,
          maxResponseBytes: settings.tixngo.maxPageBytes,
          apiKey: requireSecret(
            secrets,
            tixngoKeyVariable(organizerId),
            `The TIXNGO API key of organizer "${organizerId}"`,
          ),
        });
        return tixngo;
      },
      get s360() {
        s360 ??= createHttpS360Gateway({
          organizerId,
          baseUrl: settings.s360.baseUrl,
          timeoutMs: settings.s360.timeoutMs,
          apiKey: requireSecret(
            secrets,
            s360KeyVariable(organizerId),
            `The S-360 API key of organizer "${organizerId}"`,
          ),
        });
        return s360;
      },
    };
  };
}
