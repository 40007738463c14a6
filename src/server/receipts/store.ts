/**
 * Where receipts go. Two stores ship, each behind its own entry point so that the core stays free of
 * dependencies: `cookie-consent-element/server/receipts/sqlite` (better-sqlite3, one machine) and
 * `cookie-consent-element/server/receipts/postgres` (pg, several machines). Any object with these
 * methods will do (a queue, another database).
 *
 * Append-only: a receipt is never changed; a withdrawal is a new receipt. The only deletion is `purge`,
 * for the retention period.
 */
import type { Receipt, ReceiptOutcome } from './receipt.js';

/** Which receipts: every field is optional; dates are the server's receive time, in ms since the epoch. */
export interface ReceiptFilter {
  /** One decision id. */
  id?: string;
  /** Received at or after. */
  from?: number;
  /** Received before. */
  to?: number;
  outcome?: ReceiptOutcome;
}

/** Decisions of one UTC day with one outcome from one source. */
export interface ReceiptStatsRow {
  /** `YYYY-MM-DD`, UTC, by receive time. */
  day: string;
  outcome: ReceiptOutcome;
  source: string;
  count: number;
}

export interface ReceiptStore {
  /**
   * Appends one receipt; resolves `false` when a receipt with its id is already stored (a resend, also of a
   * receipt whose earlier append outlasted the handler's `storeTimeoutMs` and then succeeded). Rejects when it
   * could not be stored.
   */
  append(receipt: Receipt): Promise<boolean>;
  /** Receipts matching the filter, oldest first, all at once: for a few; an export of all of them uses `findBatches`. */
  find(filter?: ReceiptFilter): Promise<Receipt[]>;
  /**
   * Receipts matching the filter, oldest first (as `find`), `size` at a time (default 1000), each batch read from the
   * database when the loop asks for it: an export of millions holds one batch in memory, not all of them. Receipts
   * appended while the loop runs may be included. Optional, so that stores written before it still fit:
   * `exportReceipts` falls back to `find` where it is missing.
   */
  findBatches?(filter?: ReceiptFilter, size?: number): AsyncIterable<Receipt[]>;
  /** Deletes receipts received before `before` (ms since the epoch); resolves how many. */
  purge(before: number): Promise<number>;
  /** Counts per UTC day, outcome and source, oldest day first. */
  stats(filter?: ReceiptFilter): Promise<ReceiptStatsRow[]>;
  close(): Promise<void>;
}

/** The columns both SQL stores use, in this order; `categories` and `services` hold JSON. */
export const COLUMNS = ['id', 'received_at', 'timestamp', 'revision', 'source', 'outcome', 'categories', 'services', 'language', 'texts_hash', 'version', 'origin', 'path', 'client'] as const;

/** The columns' SQL types; times are ms since the epoch, which need 64 bits (`INTEGER` is 64-bit in SQLite). */
export function columnTypes(int64: 'INTEGER' | 'BIGINT'): string {
  return `id TEXT NOT NULL UNIQUE, received_at ${int64} NOT NULL, timestamp ${int64} NOT NULL, revision INTEGER NOT NULL,
    source TEXT NOT NULL, outcome TEXT NOT NULL, categories TEXT NOT NULL, services TEXT, language TEXT, texts_hash TEXT,
    version TEXT, origin TEXT, path TEXT, client TEXT`;
}

/** A receipt as the row values of `COLUMNS`. */
export function toRow(receipt: Receipt): Array<string | number | null> {
  return [
    receipt.id, receipt.receivedAt, receipt.timestamp, receipt.revision, receipt.source, receipt.outcome,
    JSON.stringify(receipt.categories), receipt.services && JSON.stringify(receipt.services),
    receipt.language, receipt.textsHash, receipt.version, receipt.origin, receipt.path, receipt.client,
  ];
}

/** A row (column name → value) back into a receipt. Numbers may come back as strings (pg's BIGINT). */
export function fromRow(row: Record<string, unknown>): Receipt {
  return {
    id: row.id as string,
    receivedAt: Number(row.received_at),
    timestamp: Number(row.timestamp),
    revision: Number(row.revision),
    source: row.source as Receipt['source'],
    outcome: row.outcome as ReceiptOutcome,
    categories: JSON.parse(row.categories as string) as Record<string, boolean>,
    services: row.services === null || row.services === undefined ? null : (JSON.parse(row.services as string) as Record<string, boolean>),
    language: (row.language as string | null) ?? null,
    textsHash: (row.texts_hash as string | null) ?? null,
    version: (row.version as string | null) ?? null,
    origin: (row.origin as string | null) ?? null,
    path: (row.path as string | null) ?? null,
    client: (row.client as string | null) ?? null,
  };
}

/** A filter as an SQL `WHERE` clause with numbered placeholders (`$1` for pg, `?` for SQLite). */
export function whereClause(filter: ReceiptFilter = {}, placeholder: (n: number) => string): { sql: string; values: Array<string | number> } {
  const parts: string[] = [];
  const values: Array<string | number> = [];
  const add = (sql: string, value: string | number) => {
    values.push(value);
    parts.push(sql + placeholder(values.length));
  };
  if (filter.id !== undefined) add('id = ', filter.id);
  if (filter.from !== undefined) add('received_at >= ', filter.from);
  if (filter.to !== undefined) add('received_at < ', filter.to);
  if (filter.outcome !== undefined) add('outcome = ', filter.outcome);
  return { sql: parts.length ? ' WHERE ' + parts.join(' AND ') : '', values };
}

/** Rows of one SQL query, from whichever driver. */
type Query = (sql: string, values: Array<string | number>) => Promise<Array<Record<string, unknown>>>;

/** The default size of `findBatches`: a few hundred kB of receipts. */
export const BATCH_SIZE = 1000;

/**
 * `findBatches` for both SQL stores: pages in `find`'s order (`received_at`, then the unique `seq`), each starting
 * after the last row of the one before. Not OFFSET, which would read past every earlier page again; not a cursor,
 * which would hold a connection (and better-sqlite3's only one, which the site's appends need) between pages.
 */
export async function* keysetPages(table: string, filter: ReceiptFilter = {}, size = BATCH_SIZE, placeholder: (n: number) => string, query: Query): AsyncIterable<Receipt[]> {
  if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`size must be a whole number from 1, not ${String(size)}`);
  let last: Record<string, unknown> | undefined;
  for (;;) {
    const { sql, values } = whereClause(filter, placeholder);
    let after = '';
    if (last) {
      // `received_at >= ?` first, so that the received_at index finds where the page starts.
      values.push(last.received_at as number, last.received_at as number, last.seq as number);
      const [from, later, seq] = [values.length - 2, values.length - 1, values.length].map(placeholder);
      after = `${sql ? ' AND' : ' WHERE'} received_at >= ${from} AND (received_at > ${later} OR seq > ${seq})`;
    }
    const rows = await query(`SELECT * FROM ${table}${sql}${after} ORDER BY received_at, seq LIMIT ${size}`, values);
    if (rows.length) yield rows.map(fromRow);
    if (rows.length < size) return;
    last = rows[rows.length - 1];
  }
}

/** A table name that is safe to write into SQL as it is. */
export function tableName(name = 'consent_receipts'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new TypeError(`table: "${name}" is not letters, digits and _`);
  return name;
}
