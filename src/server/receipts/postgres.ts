/**
 * `cookie-consent-element/server/receipts/postgres`: receipts in PostgreSQL, for a site served by several
 * machines that share one database. Needs the optional peer dependency `pg`, loaded only when a store opens.
 *
 * Each append is one `INSERT`, committed before the handler answers 201. When the database is down or
 * restarting, `append` rejects and the handler answers 503, so the browser keeps the receipt and sends
 * it again later: a receipt is either stored or still on its way, never silently dropped.
 */
import { COLUMNS, columnTypes, fromRow, keysetPages, tableName, toRow, whereClause, type ReceiptFilter, type ReceiptStatsRow, type ReceiptStore } from './store.js';
import type { Receipt, ReceiptOutcome } from './receipt.js';

export type { Receipt, ReceiptBody, ReceiptOutcome } from './receipt.js';
export type { ReceiptFilter, ReceiptStatsRow, ReceiptStore } from './store.js';

export interface PostgresStoreOptions {
  /** Table name (letters, digits, `_`; default `consent_receipts`). */
  table?: string;
  /** Most connections the store's pool opens (default 10). */
  max?: number;
  /**
   * `false`: use an existing table only, creating and changing nothing, so that a role with `SELECT` alone may
   * open it; a missing table rejects (`no table <name>`) rather than being created empty. For readers such as the
   * command line's `export`, `stats` and `verify`; its `purge` too, which needs `DELETE` as well. Default `true`.
   */
  create?: boolean;
}

/**
 * Connects to PostgreSQL (a connection string, or a `pg` pool configuration) and creates the receipts
 * table when it is missing (unless `create: false`).
 *
 * @example
 * const store = await postgresReceiptStore(process.env.DATABASE_URL);
 */
export async function postgresReceiptStore(connection: string | Record<string, unknown>, options: PostgresStoreOptions = {}): Promise<ReceiptStore> {
  const table = tableName(options.table);
  const { default: pg } = await import('pg');
  const config = typeof connection === 'string' ? { connectionString: connection } : connection;
  const pool = new pg.Pool({ max: options.max ?? 10, connectionTimeoutMillis: 5000, ...config });
  // A connection the server closed (a restart) is an error on an idle client: the pool drops it; no crash.
  pool.on('error', () => {});
  try {
    if (options.create === false) await mustExist(pool, table);
    else await createTable(pool, table);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const insert = `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO NOTHING`;
  const placeholder = (n: number) => `$${n}`;

  return {
    async append(receipt: Receipt) {
      return (await pool.query(insert, toRow(receipt))).rowCount === 1;
    },
    async find(filter?: ReceiptFilter) {
      const { sql, values } = whereClause(filter, placeholder);
      return (await pool.query(`SELECT * FROM ${table}${sql} ORDER BY received_at, seq`, values)).rows.map(fromRow);
    },
    findBatches(filter?: ReceiptFilter, size?: number) {
      return keysetPages(table, filter, size, placeholder, async (sql, values) => (await pool.query(sql, values)).rows);
    },
    async purge(before: number) {
      return (await pool.query(`DELETE FROM ${table} WHERE received_at < $1`, [before])).rowCount ?? 0;
    },
    async stats(filter?: ReceiptFilter) {
      const { sql, values } = whereClause(filter, placeholder);
      const { rows } = await pool.query(
        `SELECT to_char(to_timestamp(received_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, outcome, source, COUNT(*) AS count
         FROM ${table}${sql} GROUP BY day, outcome, source ORDER BY day, outcome, source`,
        values,
      );
      return rows.map((row: Record<string, unknown>): ReceiptStatsRow => ({
        day: row.day as string,
        outcome: row.outcome as ReceiptOutcome,
        source: row.source as string,
        count: Number(row.count),
      }));
    },
    async close() {
      await pool.end();
    },
  };
}

type Pool = InstanceType<(typeof import('pg'))['default']['Pool']>;

/** Creates the table, its index and its append-only trigger where they are missing. */
async function createTable(pool: Pool, table: string): Promise<void> {
  // One implicit transaction (a simple query of several statements) behind a lock per table: servers that
  // start together (the reason for this store) would otherwise deadlock on the catalog, and fail to start.
  await pool.query(`
    SELECT pg_advisory_xact_lock(hashtext('cookie-consent-element ${table}'));
    CREATE TABLE IF NOT EXISTS ${table} (
      seq BIGSERIAL PRIMARY KEY, ${columnTypes('BIGINT')}
    );
    CREATE INDEX IF NOT EXISTS ${table}_received_at ON ${table} (received_at);
    CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'consent receipts are append-only'; END $$;
    DO $$ BEGIN
      CREATE TRIGGER ${table}_append_only BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only();
    EXCEPTION WHEN duplicate_object THEN NULL; END $$;
  `);
}

/** Rejects with `no table <name>` unless the table is there, as the queries will name it (unquoted, on the search path). */
async function mustExist(pool: Pool, table: string): Promise<void> {
  const { rows } = await pool.query('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
  if (!rows[0]?.found) throw new Error(`no table ${table}`);
}
