#!/bin/bash
# Creates the read-only `analyst` user (docs/api.md: analysts query ClickHouse directly in production).
# The image's entrypoint runs it once, when the data volume is initialised, and sources it instead of
# running it when the file lost its exec bit: so everything happens in a subshell (no `exit` or `set`
# leaks into the entrypoint). readonly = 2 (no writes, yet clients such as @clickhouse/client and BI tools
# may still send their own settings) with the limits on time, rows read and result size pinned (CONST);
# SELECT on the analytics database only.
create_analyst_user() (
  set -euo pipefail
  if [ -z "${CLICKHOUSE_ANALYST_PASSWORD:-}" ]; then
    echo "01-analyst-user.sh: CLICKHOUSE_ANALYST_PASSWORD is empty, NOT creating the analyst user" >&2
    return 0
  fi
  case "$CLICKHOUSE_ANALYST_PASSWORD" in
    *\'* | *\\*) echo "01-analyst-user.sh: the analyst password must not contain quotes or backslashes" >&2; return 1 ;;
  esac
  clickhouse-client --multiquery --host 127.0.0.1 -u "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" <<SQL
CREATE SETTINGS PROFILE IF NOT EXISTS analyst_limits SETTINGS
  readonly = 2 CONST,
  max_execution_time = 60 CONST,
  max_rows_to_read = 1000000000 CONST,
  max_result_rows = 1000000 CONST,
  max_result_bytes = 1000000000 CONST,
  result_overflow_mode = 'throw' CONST;
CREATE USER IF NOT EXISTS analyst IDENTIFIED WITH sha256_password BY '${CLICKHOUSE_ANALYST_PASSWORD}'
  SETTINGS PROFILE 'analyst_limits';
GRANT SELECT ON ${CLICKHOUSE_DB:-analytics}.* TO analyst;
SQL
  echo "01-analyst-user.sh: created the read-only analyst user"
)
create_analyst_user
