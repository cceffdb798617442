// Seeded, reproducible customer traffic: the population, its journeys and the CloudEvents connectors send.
// Pure (no I/O): `npm run demo` sends it, benchmarks and service tests reuse the generators.
export * from './random/seeded-random';
export * from './population/locales';
export * from './population/sim-customer';
export * from './population/customer-population';
export * from './catalogue/products';
export * from './text/issue-category';
export * from './text/compose-message';
export * from './events/connector-sources';
export * from './events/sim-event';
export { DAY, HOUR, MINUTE, SECOND, type JourneyWindow } from './journeys/journey-window';
export { shoppingJourney, refundDraft, orderIdOf, type SimOrder, type LineItem } from './journeys/shopping.journey';
export { issueConversation, messageDraft, pickChannel, type Issue, type Conversation } from './journeys/issue-conversation';
export { supportJourney, USUAL_SUPPORT, type SupportMix } from './journeys/support.journey';
export { surveyAnswers, SIM_SURVEY_NAMESPACE, type SurveyInput } from './journeys/survey-answers';
export { marketingJourney } from './journeys/marketing.journey';
export { customerPosts, strangerPost } from './journeys/social-buzz.journey';
export { customerJourney, identifiedDraft } from './journeys/customer.journey';
export { plannedJourney } from './journeys/planted-churn.journey';
export * from './churn/churn-plan';
export * from './simulate-traffic';
export * from './message-events';
export * from './traffic-summary';
