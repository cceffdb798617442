/**
 * The CloudEvents 1.0 envelope as it travels between connectors and services (structured mode JSON).
 * Extension attributes are lower-case alphanumerics per the spec (`partitionkey`, `correlationid`, ...).
 */
export interface CloudEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time?: string;
  subject?: string;
  datacontenttype?: string;
  dataschema?: string;
  data: TData;
  /** Extension attributes (CloudEvents "partitioning" extension, correlation, causation, ...). */
  [extension: string]: unknown;
}

export const CLOUDEVENTS_SPEC_VERSION = '1.0' as const;
