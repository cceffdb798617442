// Segment rule documents (docs/customer-health.md): schema, validation, evaluation, membership changes.
export * from './segments.document';
export * from './segments.validate';
export * from './segment-view';
export { SEGMENT_FIELDS, OPERATORS_OF, type FieldKind } from './segment-fields';
export * from './segment.matches';
export * from './segment-membership';
