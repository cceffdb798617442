export * from './kpis/satisfaction.kpis';
export * from './kpis/kpi-from-counts';
export * from './kpis/percentile';
export * from './kpis/kpi-definitions';
export * from './period/kpi-period';
