export { feedbackWorkflow } from './feedback';
export { transferWorkflow } from './transfer';
export type { FeedbackWorkflowInput, FeedbackRunResult, FeedbackState, OpenRejection } from './definitions';
