export * from './routing-rules.document';
export * from './routing-rules.validate';
export * from './routing-input';
export * from './keyword-match';
export * from './rule-conditions.match';
export * from './route-ticket';
export * from './reevaluate-route';
