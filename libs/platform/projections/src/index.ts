export * from './projection-checkpoint.entity';
export * from './projection-checkpoint.migration';
export * from './projection-runner';
export * from './postgres-data-source';
export * from './outbox/event-outbox';
export * from './outbox/event-outbox.migration';
export * from './pg-copy-from';
