import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * The adapters' connection pools: connections kept alive and reused across calls, activities and
 * runs, for as long as the server keeps them open (no idle timeout of ours: Node's default agent
 * drops an idle connection after 5 s, so a run every 15 s opened a new one, with its TLS handshake).
 */
export const KEEP_ALIVE_HTTP = new HttpAgent({ keepAlive: true });
export const KEEP_ALIVE_HTTPS = new HttpsAgent({ keepAlive: true });
