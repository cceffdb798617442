// Test-only helpers: the shared MessageBus behaviour suite and its kit. Kept out of the library's main
// index so production code never loads jest globals; adapter specs import `../testing`.
export * from './bus-test-kit';
export * from './message-bus.behaviour';
