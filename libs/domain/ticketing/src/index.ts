export * from './ticket/ticket.types';
export * from './ticket/ticket.commands';
export * from './ticket/ticket.events';
export * from './ticket/ticket.state';
export * from './ticket/ticket.decide';
export * from './ticket/ticket.errors';
