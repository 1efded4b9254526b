export { feedbackWorkflow } from './feedback';
export { transferWorkflow } from './transfer';
export { startTransfersWorkflow } from './startTransfers';
export { checkOrganizerWorkflow, type CheckOrganizerResult } from './checkOrganizer';
export { importDiffWorkflow, type ImportDiffInput, type ImportDiffResult } from './importDiff';
export type { FeedbackWorkflowInput, FeedbackRunResult, FeedbackState, OpenRejection } from './definitions';
