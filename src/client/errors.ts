import { feedbackWorkflowId } from '../workflows/ids';

export class OrganizerAlreadyScheduledError extends Error {
  override name = 'OrganizerAlreadyScheduledError';
  constructor(readonly organizerId: string) {
    super(
      `Organizer "${organizerId}" already has a running feedback schedule or run (workflow ` +
        `"${feedbackWorkflowId(organizerId)}"). Only one feedback execution per organizer may exist at a time, ` +
        `so this start was refused. To change the schedule, unschedule the organizer first: ` +
        `tixngo-feedback unschedule ${organizerId}`,
    );
  }
}

export class OrganizerNotScheduledError extends Error {
  override name = 'OrganizerNotScheduledError';
  constructor(readonly organizerId: string) {
    super(
      `Organizer "${organizerId}" has no running feedback workflow ("${feedbackWorkflowId(organizerId)}"). ` +
        `Schedule it first: tixngo-feedback schedule ${organizerId}`,
    );
  }
}

export class FileAlreadyImportedError extends Error {
  override name = 'FileAlreadyImportedError';
  constructor(
    readonly organizerId: string,
    readonly workflowId: string,
  ) {
    super(
      `This file was already imported for organizer "${organizerId}" (workflow "${workflowId}"). ` +
        'A file is applied once; pass --again to apply it another time.',
    );
  }
}

/** An entry of `resolve` that cannot be sent (not a reference though it starts with #, too long, none). */
export class ResolveEntryError extends Error {
  override name = 'ResolveEntryError';
}
