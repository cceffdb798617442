export { AnalystSqlConfig, openAnalystSql } from './analyst-sql.config';
export { type AnalystSqlLimits, DEFAULT_ANALYST_SQL_LIMITS } from './analyst-sql.limits';
export { type AnalystSqlLogger, type AnalystSqlServer, type AnalystSqlServerOptions, startAnalystSqlServer } from './analyst-sql.server';
export { ANALYST_USER, type VerifyToken } from './analyst-credentials';
