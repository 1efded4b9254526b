import net from 'node:net';
import { freePort } from './freePort';

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free (so URLs are the familiar ones), else any free port. */
export async function preferredPort(port: number, host = '127.0.0.1'): Promise<number> {
  return (await isFree(port, host)) ? port : freePort(host);
}
