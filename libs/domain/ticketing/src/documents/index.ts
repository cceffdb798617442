export * from './document-schema.validate';
export * from './calendars.document';
export * from './sla-policies.document';
export * from './surveys.document';
export * from './time-rules.document';
