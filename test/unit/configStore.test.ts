import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileConfigStore } from '../../src/config/configStore';
import { ConfigError } from '../../src/domain/settings';

const organizer = (batchSize: number) => ({
  tixngo: { baseUrl: 'https://api.tixngo.io/v3/organizer' },
  s360: { baseUrl: 'https://s360.example' },
  batchSize,
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'config-store-'));
  file = path.join(dir, 'feedback.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (content: unknown) =>
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));

describe('the configuration file store', () => {
  it('gives an organizer’s settings and sees every change of the file on the next call', async () => {
    const store = fileConfigStore(file);
    write({ organizers: { 'org-a': organizer(100) } });
    expect((await store.organizer('org-a')).batchSize).toBe(100);
    expect((await store.organizer('org-a')).batchSize).toBe(100);

    write({ organizers: { 'org-a': organizer(2500) } });
    expect((await store.organizer('org-a')).batchSize).toBe(2500);
  });

  it('warns of each top-level field nothing reads, naming the closest known one; none for a clean file', async () => {
    const store = fileConfigStore(file);
    write({ organizers: { 'org-a': organizer(100) } });
    expect(await store.warnings()).toEqual([]);

    write({ organizers: { 'org-a': organizer(100) }, organizerz: {}, batchSize: 10, '\u001b[31m': 1 });
    expect(await store.warnings()).toEqual([
      'configuration: unknown top-level field "organizerz" ignored (did you mean "organizers"?)',
      'configuration: unknown top-level field "batchSize" ignored ("batchSize" is an organizer\'s ' +
        'setting: put it inside "organizers" → "<organizer id>")',
      'configuration: unknown top-level field "\\u001b[31m" ignored',
    ]);
    expect((await store.organizer('org-a')).batchSize).toBe(100);
  });

  it('a broken file fails every call, naming the file, until it is fixed', async () => {
    const store = fileConfigStore(file);
    write({ organizers: { 'org-a': organizer(100) } });
    await store.organizer('org-a');

    write('{ "organizers": ');
    await expect(store.organizer('org-a')).rejects.toThrow(ConfigError);
    await expect(store.organizer('org-a')).rejects.toThrow(`Configuration file ${file} is not valid JSON`);

    write({ organizers: { 'org-a': organizer(7) } });
    expect((await store.organizer('org-a')).batchSize).toBe(7);
  });

  it('a missing file or organizer is a ConfigError that says which', async () => {
    await expect(fileConfigStore(path.join(dir, 'none.json')).organizer('org-a')).rejects.toThrow(
      'Cannot read configuration file',
    );
    write({ organizers: { 'org-a': organizer(100) } });
    await expect(fileConfigStore(file).organizer('org-b')).rejects.toThrow('Organizer "org-b" is not in the');
  });

  it('an organizer id not configured whose key variables are a configured one’s is refused, naming both', async () => {
    write({ organizers: { 'org-3': organizer(100) } });
    const refused = fileConfigStore(file).organizer('ORG_3');
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(fileConfigStore(file).organizer('org.3')).rejects.toThrow(
      /"org\.3".*"org-3".*TIXNGO_API_KEY__ORG_3/,
    );
  });
});
