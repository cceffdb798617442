export * from './analytics-store.port';
export * from './analytics-raw-query.port';
export * from './analytics-store.errors';
export * from './clickhouse-analytics-store.adapter';
export * from './clickhouse-migrations';
export * from './clickhouse-batch';
export * from './clickhouse-batch-writer';
