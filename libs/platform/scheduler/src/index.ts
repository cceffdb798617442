export * from './deadline.types';
export * from './deadline-store';
export * from './deadline-scheduler';
export * from './deadline-scheduler.options';
export * from './deadlines.schema';
export * from './retry-policy';
export type { SqlExecutor } from './sql-executor';
