import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAIN = path.join(__dirname, '../../src/cli/main.ts');
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
  });

const COMMANDS = [
  'schedule',
  'unschedule',
  'run-once',
  'status',
  'skip',
  'unskip',
  'resolve',
  'import',
  'demo',
];

describe('the command line explains itself', () => {
  it('lists every command in its --help', async () => {
    const { stdout } = await cli('--help');
    for (const command of COMMANDS) expect(stdout).toContain(`  ${command} `);
  });

  it.each(COMMANDS)('`%s --help` prints its usage', async (command) => {
    const { stdout } = await cli(command, '--help');
    expect(stdout).toMatch(new RegExp(`^Usage: .*${command === 'demo' ? 'demo' : command}`, 'm'));
  });

  it('an unknown flag is a usage error naming the flag (exit code 2)', async () => {
    const failure = await cli('schedule', 'org-a', '--crom', 'x').catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain("'--crom'");
  });

  it('an unreachable Temporal is reported with the address and what to do', async () => {
    const failure = await cli('status', 'org-a').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('Cannot reach Temporal at 127.0.0.1:1');
  });
});
