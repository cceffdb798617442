/**
 * Anything that runs a parameterised statement: a `pg` Pool, PoolClient or Client, or a TypeORM DataSource,
 * EntityManager or QueryRunner. Passing the caller's transaction lets a deadline commit (or roll back) with the
 * read model that decided it.
 */
export interface SqlExecutor {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a result from either family: `pg` returns `{ rows }`, TypeORM the rows themselves. Every statement
 * here whose result is read is a SELECT (writes are wrapped in a CTE), because TypeORM returns `[rows, count]`
 * for a bare UPDATE or DELETE.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] } | undefined)?.rows ?? []) as T[];
}
