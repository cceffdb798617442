// The health model of the customer-profile domain. Until libs/domain/customer-profile/src/index.ts exports
// './health' (see docs/customer-health.md), the evaluation reaches it by path; then import
// '@csp/customer-profile-domain' instead and delete this file.
// eslint-disable-next-line @nx/enforce-module-boundaries
export * from '../../libs/domain/customer-profile/src/health';
