-- Read-only analyst access to the analytics database on a ClickHouse server (production).
--
-- In the embedded default the analytics service answers analysts itself (port 8123, the `analyst` token, the
-- same limits, see docs/analytics-sql.md). With a ClickHouse server analysts connect to the server directly,
-- as this user: ClickHouse cannot verify our JWTs, so the user has a password of its own.
--
-- Apply once, and again whenever a limit changes, as a user allowed to manage access (access_management = 1):
--   export ANALYTICS_DATABASE=analytics                       # CLICKHOUSE_DATABASE of the analytics service
--   export ANALYST_PASSWORD_SHA256=$(printf '%s' "$ANALYST_PASSWORD" | sha256sum | cut -d' ' -f1)
--   envsubst < analyst-user.sql | clickhouse-client --multiquery
-- The values below mirror DEFAULT_ANALYST_SQL_LIMITS (analyst-sql.limits.ts); analyst-user-sql.spec.ts keeps
-- the two equal.

-- readonly = 1: only reading queries, no settings changed by the user, except the limits marked
-- CHANGEABLE_IN_READONLY, and those only tighter (MIN 1 rules out 0, which would mean "no limit").
CREATE SETTINGS PROFILE OR REPLACE csp_analyst SETTINGS
    readonly = 1,
    max_execution_time = 30 MIN 1 MAX 30 CHANGEABLE_IN_READONLY,
    timeout_overflow_mode = 'throw' CONST,
    max_rows_to_read = 1000000000 MIN 1 MAX 1000000000 CHANGEABLE_IN_READONLY,
    max_bytes_to_read = 53687091200 MIN 1 MAX 53687091200 CHANGEABLE_IN_READONLY,
    read_overflow_mode = 'throw' CONST,
    max_result_rows = 1000000 MIN 1 MAX 1000000 CHANGEABLE_IN_READONLY,
    max_result_bytes = 268435456 MIN 1 MAX 268435456 CHANGEABLE_IN_READONLY,
    result_overflow_mode = 'throw' CONST,
    max_memory_usage = 2147483648 MIN 1 MAX 2147483648 CHANGEABLE_IN_READONLY,
    max_concurrent_queries_for_user = 4 CONST;

CREATE ROLE IF NOT EXISTS csp_analyst_reader;

-- SELECT on the analytics tables only: no other database, no table functions (file, url, remote...), no DDL.
GRANT SELECT ON ${ANALYTICS_DATABASE}.* TO csp_analyst_reader;

CREATE USER OR REPLACE analyst
    IDENTIFIED WITH sha256_hash BY '${ANALYST_PASSWORD_SHA256}'
    DEFAULT DATABASE ${ANALYTICS_DATABASE}
    SETTINGS PROFILE 'csp_analyst';

GRANT csp_analyst_reader TO analyst;

SET DEFAULT ROLE csp_analyst_reader TO analyst;
