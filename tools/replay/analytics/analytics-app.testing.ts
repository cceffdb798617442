/* eslint-disable @nx/enforce-module-boundaries -- test fixtures of the analytics app, reused by the replay
   spec so it checks the same story the KPI spec checks by hand (see analytics-app.ts for why tools reach in). */
export { kpiDataset } from '../../../apps/analytics/src/testing/kpi-dataset.fixture';
