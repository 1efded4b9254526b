export { feedbackWorkflow } from './feedback';
export { transferWorkflow } from './transfer';
export { startTransfersWorkflow } from './startTransfers';
export { importDiffWorkflow, type ImportDiffInput, type ImportDiffResult } from './importDiff';
export type { FeedbackWorkflowInput, FeedbackRunResult, FeedbackState, OpenRejection } from './definitions';
