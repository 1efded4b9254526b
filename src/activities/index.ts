export {
  createFeedbackActivities,
  type FeedbackActivities,
  type PageInput,
  type PageSummary,
} from './feedbackActivities';
export { httpConnector, type OrganizerConnector, type OrganizerConnection } from './connectors';
