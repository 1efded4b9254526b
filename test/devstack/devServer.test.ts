import { spawn } from 'node:child_process';
import path from 'node:path';
import { dynamicConfigArgs } from '../../src/devstack/devServer';
import { eventually, testEnv } from '../support/env';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the dev server never outlives the process that started it', () => {
  it('is ended by its watchdog when its owner is killed with SIGKILL', async () => {
    const owner = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '../fixtures/startDevServerThenWait.ts')],
      {
        env: { ...process.env, TEMPORAL_CLI: testEnv('TEMPORAL_CLI') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    owner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const serverPid = await eventually(async () => {
      const match = /server-pid (\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    }, 'the fixture to start a dev server');
    expect(isAlive(serverPid)).toBe(true);

    owner.kill('SIGKILL');
    await eventually(
      async () => (isAlive(serverPid) ? undefined : true),
      `dev server pid ${serverPid} to end`,
      {
        timeoutMs: 20_000,
      },
    );
    expect(isAlive(serverPid)).toBe(false);
  });
});

describe('dynamicConfigArgs', () => {
  it('gives one --dynamic-config-value per key, the value as JSON', () => {
    expect(
      dynamicConfigArgs({ 'system.enableActivityEagerExecution': true, 'limit.x': 5, 'name.y': 'a b' }),
    ).toEqual([
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
      '--dynamic-config-value',
      'limit.x=5',
      '--dynamic-config-value',
      'name.y="a b"',
    ]);
  });

  it('gives nothing for no values', () => {
    expect(dynamicConfigArgs({})).toEqual([]);
  });
});
