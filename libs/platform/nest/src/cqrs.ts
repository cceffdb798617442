/**
 * The part of @nestjs/cqrs the apps use: CommandBus and QueryBus for in-process dispatch from a controller or
 * consumer to its use-case handler. Deliberately not re-exported: EventBus, sagas, AggregateRoot and
 * EventPublisher. Their bus is in memory, does not await handlers and swallows their errors, so it must never
 * carry domain or integration events; those go through the event store and the MessageBus port.
 */
export { Command, CommandBus, CommandHandler, CqrsModule, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
export type { ICommand, ICommandHandler, IQuery, IQueryHandler } from '@nestjs/cqrs';
