/**
 * A run that left a large page between slices hands the next run its key *and* where it goes on
 * inside that page (pageResume). A new execution (schedule, run-once, import after an unschedule)
 * carries both on, as the next cron run does; an operator's key override never keeps a resume
 * point that belonged to another key (real Temporal server, real run history).
 */
import { carryOver } from '../../src/client/scheduleOrganizer';
import type { FeedbackRunResult } from '../../src/workflows/definitions';
import { feedbackWorkflowId } from '../../src/workflows/ids';
import { ORGANIZER_ID } from '../../src/workflows/searchAttributes';
import { stacksStoppedAfterAll } from '../support/stack';

const stackFor = stacksStoppedAfterAll();

describe('a new execution goes on inside the page the last run left between slices', () => {
  it('carries the last run’s pageResume with its key; a key override drops it', async () => {
    const stack = await stackFor('resume-carry');
    const { organizerId, client, taskQueue } = stack;
    const pageResume = { index: 300, fingerprint: '300:0badf00d' };
    // A run that hands on exactly what it started from (it waits for a start date): its result is
    // what a run left between slices of the page at 'k-big' hands the next run.
    const handle = await client.workflow.start('feedbackWorkflow', {
      workflowId: feedbackWorkflowId(organizerId),
      taskQueue,
      args: [
        {
          organizerId,
          paginationKey: 'k-big',
          pageResume,
          notBefore: new Date(Date.now() + 3_600_000).toISOString(),
        },
      ],
      typedSearchAttributes: [{ key: ORGANIZER_ID, value: organizerId }],
    });
    const finished = (await handle.result()) as FeedbackRunResult;
    expect([finished.paginationKey, finished.pageResume]).toEqual(['k-big', pageResume]);

    const carried = await carryOver(client, organizerId);
    expect([carried.paginationKey, carried.pageResume]).toEqual(['k-big', pageResume]);

    // The operator's key: the resume point was computed on another page.
    const overridden = await carryOver(client, organizerId, 'k-other');
    expect([overridden.paginationKey, overridden.pageResume]).toEqual(['k-other', undefined]);
    // The same key again: the resume point still belongs to it.
    const same = await carryOver(client, organizerId, 'k-big');
    expect([same.paginationKey, same.pageResume]).toEqual(['k-big', pageResume]);
  });
});
