/**
 * The organizer id in the project's workflow ids (src/workflows/ids.ts): `tixngo-feedback:<org>`,
 * `tixngo-feedback-import:<org>:…`, `tixngo-feedback-check:<org>:…`, `tixngo-transfer:<org>:…`,
 * `tixngo-transfer-starts:<org>:…`. Ids hold no personal data; used for log fields and metric labels.
 */
const ORGANIZER = /^tixngo-(?:feedback|feedback-import|feedback-check|transfer|transfer-starts):([^:]+)/;

/** The organizer id of a project workflow id; undefined for another id. */
export function organizerOfWorkflowId(workflowId: string): string | undefined {
  return ORGANIZER.exec(workflowId)?.[1];
}
