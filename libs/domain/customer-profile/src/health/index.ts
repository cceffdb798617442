// The health model's public API (docs/customer-health.md); helpers stay inside the folder.
export { initialSignals, SIGNAL_HISTORY_DAYS, type HealthSignals, type SurveyPoint } from './health-signals';
export * from './health-model.config';
export * from './evolve-signals';
export * from './merge-signals';
export * from './assess-health';
export * from './decide-health-events';
