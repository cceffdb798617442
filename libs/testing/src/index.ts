export * from './postgres';
export * from './kafka-mock-cluster';
export * from './chdb';
