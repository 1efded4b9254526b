/** The fixed workflow id of an organizer's feedback schedule: a second start for it is refused. */
export function feedbackWorkflowId(organizerId: string): string {
  return `tixngo-feedback:${organizerId}`;
}

/** One workflow per transfer of a ticket. */
export function transferWorkflowId(organizerId: string, ticketId: string, transferKey: string): string {
  return `tixngo-transfer:${organizerId}:${ticketId}:${transferKey}`;
}

/**
 * The n-th startTransfersWorkflow of one feedback run or import (`runId`: that parent's run), the
 * short-lived parent of the transfer workflows it starts (src/workflows/startTransfers.ts).
 */
export function transferStartsWorkflowId(organizerId: string, runId: string, n: number): string {
  return `tixngo-transfer-starts:${organizerId}:${runId}:${n}`;
}

/** One workflow per uploaded file of an organizer. */
export function importWorkflowId(organizerId: string, fileId: string): string {
  return `tixngo-feedback-import:${organizerId}:${fileId}`;
}

/** A configuration check of `schedule` (one per attempt: `attempt` is unique, e.g. a time and a random part). */
export function checkOrganizerWorkflowId(organizerId: string, attempt: string): string {
  return `tixngo-feedback-check:${organizerId}:${attempt}`;
}
