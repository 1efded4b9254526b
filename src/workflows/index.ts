export { feedbackWorkflow, type FeedbackWorkflowInput, type FeedbackRunResult } from './feedback';
