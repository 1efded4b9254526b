/** The fixed workflow id of an organizer's feedback schedule: a second start for it is refused. */
export function feedbackWorkflowId(organizerId: string): string {
  return `tixngo-feedback:${organizerId}`;
}
