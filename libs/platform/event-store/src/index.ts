export * from './event-store.port';
export * from './event-store.errors';
export * from './postgres/postgres-event-store.adapter';
export * from './postgres/postgres-checkpoint-store';
export * from './in-memory/in-memory-event-store.adapter';
export * from './esdb/esdb-event-store.adapter';
export * from './group-commit';
export * from './versioned-documents';
