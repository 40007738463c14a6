/**
 * `cookie-consent-element/server/receipts/sqlite`: receipts in an SQLite file, for a site served by one
 * machine. Needs the optional peer dependency `better-sqlite3` (12.x), loaded only when a store opens.
 *
 * Every append is its own transaction, committed to disk (WAL, `synchronous = FULL`) before the handler
 * answers 201, so an accepted receipt survives a crash of the process or of the machine.
 */
import { COLUMNS, columnTypes, fromRow, tableName, toRow, whereClause, type ReceiptFilter, type ReceiptStatsRow, type ReceiptStore } from './store.js';
import type { Receipt } from './receipt.js';

export type { Receipt, ReceiptBody, ReceiptOutcome } from './receipt.js';
export type { ReceiptFilter, ReceiptStatsRow, ReceiptStore } from './store.js';

export interface SqliteStoreOptions {
  /** Table name (letters, digits, `_`; default `consent_receipts`). */
  table?: string;
}

/**
 * Opens (and creates, if need be) the receipts table in an SQLite file.
 *
 * @example
 * const store = await sqliteReceiptStore('/var/lib/shop/receipts.sqlite');
 * app.post('/consent-receipts', receiptMiddleware({ store }));
 */
export async function sqliteReceiptStore(file: string, options: SqliteStoreOptions = {}): Promise<ReceiptStore> {
  const table = tableName(options.table);
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Another process (the command line tool) may hold the file for a moment.
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${table} (
      seq INTEGER PRIMARY KEY, ${columnTypes('INTEGER')}
    );
    CREATE INDEX IF NOT EXISTS ${table}_received_at ON ${table} (received_at);
    CREATE TRIGGER IF NOT EXISTS ${table}_append_only BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'consent receipts are append-only'); END;
  `);
  const insert = db.prepare(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`);
  const placeholder = () => '?';

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
    async purge(before: number) {
      return db.prepare(`DELETE FROM ${table} WHERE received_at < ?`).run(before).changes;
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
