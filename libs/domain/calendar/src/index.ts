export * from './business-calendar';
export * from './business-calendar.errors';
export { businessCalendarProblems } from './business-calendar.validate';
export { isBusinessTime, nextBusinessOpening, addBusinessMinutes, businessMinutesBetween } from './business-time';
export * from './business-clock';
