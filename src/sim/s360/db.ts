import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';

export interface QueryResult<R> {
  rows: R[];
  /** Rows a statement inserted, updated or deleted (or returned, for a SELECT). */
  rowCount: number;
}

/** The little the store needs of a database: the same SQL runs on PostgreSQL and on PGlite. */
export interface Queryable {
  query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface SqlDatabase extends Queryable {
  /** Where the data lives, for the back-office page and logs (never includes a password). */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names go into SQL text, so only plain lowercase identifiers are accepted. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid schema name "${schema}": use lowercase letters, digits and "_" (at most 63).`);
  }
  return schema;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** PostgreSQL through a pg pool; every connection works in `schema`. */
export function postgresDatabase(databaseUrl: string, schema: string): SqlDatabase {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 8,
    options: `-c search_path=${checkSchemaName(schema)}`,
  });
  // Statements with parameters are prepared once per connection (named by their text, as a JDBC
  // driver does for S-360): PostgreSQL then parses and plans each one once, not at every call.
  const names = new Map<string, string>();
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (!name) {
      name = `s360_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
  const run = async <R>(
    client: Pick<Pool, 'query'>,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    const result =
      params && params.length > 0
        ? await client.query({ name: nameOf(sql), text: sql, values: [...params] })
        : await client.query(sql);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  };
  return {
    description: `PostgreSQL ${redactUrl(databaseUrl)}, schema ${schema}`,
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** PGlite (PostgreSQL compiled to WebAssembly, in this process): in memory, or in `dataDir`. */
export async function embeddedDatabase(schema: string, dataDir?: string): Promise<SqlDatabase> {
  const db = await PGlite.create(dataDir);
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${checkSchemaName(schema)}; SET search_path TO ${schema}`);
  const adapt = <R>(result: { rows: R[]; affectedRows?: number }): QueryResult<R> => ({
    rows: result.rows,
    rowCount: result.affectedRows || result.rows.length,
  });
  return {
    description: `embedded PGlite ${dataDir ? `in ${dataDir}` : 'in memory'}, schema ${schema}`,
    query: async <R>(sql: string, params?: readonly unknown[]) =>
      adapt(await db.query<R>(sql, params ? [...params] : undefined)),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <R>(sql: string, params?: readonly unknown[]) =>
            adapt(await tx.query<R>(sql, params ? [...params] : undefined)),
        }),
      ),
    close: () => db.close(),
  };
}
