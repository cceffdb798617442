const BINARY_FORMATS = /^(Native|RowBinary\w*|Parquet|Arrow\w*|ORC|Avro|MsgPack|Protobuf\w*|CapnProto|BSONEachRow|Npy)$/i;

/** The Content-Type ClickHouse sends for each output format (its `IOutputFormat::getContentType`). */
export function contentTypeOf(format: string): string {
  const name = format.toLowerCase();
  if (name.includes('eachrow') && name.startsWith('json')) return 'application/x-ndjson; charset=UTF-8';
  if (name.startsWith('json')) return 'application/json; charset=UTF-8';
  if (name.startsWith('tabseparated') || name.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8';
  if (name.startsWith('csv')) return `text/csv; charset=UTF-8; header=${name.includes('withnames') ? 'present' : 'absent'}`;
  if (BINARY_FORMATS.test(format)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}
