export * from './sla.events';
export * from './sla.state';
export * from './sla-policy.select';
export * from './sla.react';
export * from './sla-simulation';
