/**
 * `cookie-consent-element/server/receipts/sqlite`: receipts in an SQLite file, for a site served by one
 * machine. Needs the optional peer dependency `better-sqlite3` (12.x), loaded only when a store opens.
 *
 * Every append is its own transaction, committed to disk (WAL, `synchronous = FULL`) before the handler
 * answers 201, so an accepted receipt survives a crash of the process or of the machine.
 */
import { COLUMNS, columnTypes, fromRow, keysetPages, tableName, toRow, whereClause, type ReceiptFilter, type ReceiptStatsRow, type ReceiptStore } from './store.js';
import type { Receipt } from './receipt.js';

export type { Receipt, ReceiptBody, ReceiptOutcome } from './receipt.js';
export type { ReceiptFilter, ReceiptStatsRow, ReceiptStore } from './store.js';

export interface SqliteStoreOptions {
  /** Table name (letters, digits, `_`; default `consent_receipts`). */
  table?: string;
  /**
   * How long, in ms, a write waits while another process (the command line tool's `purge`) holds the file;
   * default 100. better-sqlite3 waits synchronously, stopping the whole Node process meanwhile, so a web server
   * keeps this short: an append that gives up is answered 503 and the browser sends the receipt again.
   */
  busyTimeoutMs?: number;
  /**
   * `false`: open an existing file and table only, creating nothing and changing no setting of the file; a missing
   * one rejects (`no table <name>`), rather than giving an empty store. For the command line (`export`, `stats`,
   * `verify`, `purge`), where a mistyped name must not look like a store without receipts. Default `true`.
   */
  create?: boolean;
}

/** Receipts `purge` deletes per transaction: each holds the write lock for milliseconds, not seconds. */
const PURGE_BATCH = 1000;
/** The pause between two of them, in ms, in which the site's appends (in this process or another) get the lock. */
const PURGE_PAUSE_MS = 5;

/**
 * Opens (and creates, if need be, unless `create: false`) the receipts table in an SQLite file.
 *
 * @example
 * const store = await sqliteReceiptStore('/var/lib/shop/receipts.sqlite');
 * app.all('/consent-receipts', receiptMiddleware({ store }));
 */
export async function sqliteReceiptStore(file: string, options: SqliteStoreOptions = {}): Promise<ReceiptStore> {
  const table = tableName(options.table);
  const { default: Database } = await import('better-sqlite3');
  const busy = options.busyTimeoutMs ?? 100;
  if (!(busy >= 0 && busy <= 2 ** 31 - 1)) throw new RangeError(`busyTimeoutMs must be a number of ms from 0, not ${String(busy)}`);
  const create = options.create ?? true;
  const db = new Database(file, { timeout: Math.round(busy), fileMustExist: !create });
  if (!create) {
    const found = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE`).get(table);
    if (!found) {
      db.close();
      throw new Error(`no table ${table}`);
    }
  }
  // WAL is kept in the file: a reader need not (and, with create: false, does not) write it again.
  if (create) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  if (create) db.exec(`
    CREATE TABLE IF NOT EXISTS ${table} (
      seq INTEGER PRIMARY KEY, ${columnTypes('INTEGER')}
    );
    CREATE INDEX IF NOT EXISTS ${table}_received_at ON ${table} (received_at);
    CREATE TRIGGER IF NOT EXISTS ${table}_append_only BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'consent receipts are append-only'); END;
  `);
  const insert = db.prepare(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`);
  const placeholder = () => '?';
  // By rowid through the received_at index: the oldest first, a batch at a time.
  const purgeBatch = db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} WHERE received_at < ? LIMIT ${PURGE_BATCH})`);

  // Group commit: the appends that arrive while one commit waits for the disk share the next
  // transaction, so a slow fsync costs each receipt a share of one, not one of its own. Each still
  // resolves only after its transaction is on disk.
  let batch: Array<{ receipt: Receipt; resolve: (stored: boolean) => void; reject: (error: unknown) => void }> = [];
  const commit = db.transaction((items: typeof batch) => items.map(({ receipt }) => insert.run(...toRow(receipt)).changes === 1));
  const flush = () => {
    const items = batch;
    batch = [];
    try {
      commit(items).forEach((stored, i) => items[i]!.resolve(stored));
    } catch (error) {
      for (const item of items) item.reject(error);
    }
  };

  return {
    append(receipt: Receipt) {
      return new Promise<boolean>((resolve, reject) => {
        if (batch.push({ receipt, resolve, reject }) === 1) setImmediate(flush);
      });
    },
    async find(filter?: ReceiptFilter) {
      const { sql, values } = whereClause(filter, placeholder);
      return (db.prepare(`SELECT * FROM ${table}${sql} ORDER BY received_at, seq`).all(...values) as Array<Record<string, unknown>>).map(fromRow);
    },
    findBatches(filter?: ReceiptFilter, size?: number) {
      return keysetPages(table, filter, size, placeholder, async (sql, values) => db.prepare(sql).all(...values) as Array<Record<string, unknown>>);
    },
    async purge(before: number) {
      // In small transactions with pauses between them: one DELETE of years of receipts held the write lock for
      // seconds, and every append of the site's server waited (synchronously) for it.
      let deleted = 0;
      let changes = purgeBatch.run(before).changes;
      while (changes > 0) {
        deleted += changes;
        await new Promise((resolve) => setTimeout(resolve, PURGE_PAUSE_MS));
        changes = purgeBatch.run(before).changes;
      }
      return deleted;
    },
    async stats(filter?: ReceiptFilter) {
      const { sql, values } = whereClause(filter, placeholder);
      return db.prepare(
        `SELECT strftime('%Y-%m-%d', received_at / 1000, 'unixepoch') AS day, outcome, source, COUNT(*) AS count
         FROM ${table}${sql} GROUP BY day, outcome, source ORDER BY day, outcome, source`,
      ).all(...values) as ReceiptStatsRow[];
    },
    async close() {
      db.close();
    },
  };
}
