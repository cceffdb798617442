export * from './message-bus.port';
export * from './batch-processor';
export * from './cloud-event-binding';
export * from './log-bus/log-message-bus.adapter';
export * from './relay/event-relay';
export * from './kafka/kafka-message-bus.adapter';
export * from './restart-loop';
export * from './dead-letter';
