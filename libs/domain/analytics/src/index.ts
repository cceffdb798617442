export * from './kpis/satisfaction.kpis';
