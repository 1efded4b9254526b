import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../support/env';
import { HISTORIES_DIR } from '../support/recordHistory';

const files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.json'));

describe('recorded workflow histories replay on the current workflow code (determinism)', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays without a non-determinism error', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: testEnv('FEEDBACK_WORKFLOW_BUNDLE') } },
      history,
      path.basename(file, '.json'),
    );
  });
});
