export * from './identifiers/normalise-identifiers';
