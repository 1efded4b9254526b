export {
  createFeedbackActivities,
  type FeedbackActivities,
  type FeedbackActivityDeps,
  type ImportInput,
  type PageInput,
  type PageSummary,
  type RunStartPage,
  type RunStartPageInput,
} from './feedbackActivities';
export type { ApplySummary, RejectedDiffItem } from './applyDiffItems';
export type { RunSettings } from './runSettings';
export { httpConnector, type OrganizerConnector, type OrganizerConnection } from './connectors';
export {
  createTransferActivities,
  type TransferActivities,
  type OpenedTransfer,
  type ClosedTransfer,
  type Reconciled,
} from './transferActivities';
export {
  createHandOffActivities,
  handOffTransferSteps,
  type HandOffActivities,
  type HandOffInput,
  type HandOffResult,
} from './handOffTransferSteps';
