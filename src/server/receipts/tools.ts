/**
 * What a site owner does with stored receipts: export them, check a visitor's cookie against them,
 * purge them after the retention period, count them. The command line tool (`cookie-consent-receipts`)
 * is a thin layer over these; they work with any `ReceiptStore`.
 */
import { decodeConsent, type Consent } from '../../consent/index.js';
import { parseConsent } from '../parse.js';
import { COLUMNS, type ReceiptFilter, type ReceiptStatsRow, type ReceiptStore } from './store.js';
import { OUTCOMES, type Receipt, type ReceiptOutcome } from './receipt.js';

const DAY = 86_400_000;

const camel = (column: string) => column.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase()) as keyof Receipt;

/**
 * Receipts as CSV (RFC 4180, a header row, `categories`/`services` as JSON, dates as ISO 8601 UTC
 * besides the ms values) or as JSON (an array of receipts), in one string: for a few. For all of them, `writeReceipts`.
 */
export async function exportReceipts(store: ReceiptStore, filter: ReceiptFilter = {}, format: 'csv' | 'json' = 'csv'): Promise<string> {
  const parts: string[] = [];
  await writeReceipts(store, (text) => void parts.push(text), filter, format);
  return parts.join('');
}

/**
 * What `exportReceipts` returns, handed to `write` a batch at a time (`batchSize` receipts, default 1000; from the
 * store's `findBatches`, or its `find` where it has none). Each `write` is awaited before the next batch is read, so
 * a writer that returns a promise (a pipe that is full) holds the reading back. An export of millions of receipts
 * thus holds one batch in memory; as one string it passed V8's limit on a string's length (about 1.1 million).
 * The command line's `export` writes this way.
 */
export async function writeReceipts(
  store: ReceiptStore,
  write: (text: string) => unknown,
  filter: ReceiptFilter = {},
  format: 'csv' | 'json' = 'csv',
  { batchSize }: { batchSize?: number } = {},
): Promise<void> {
  const batches = store.findBatches ? store.findBatches(filter, batchSize) : [await store.find(filter)];
  let written = 0;
  if (format === 'csv') await write(CSV_HEADER.join(',') + '\r\n');
  for await (const receipts of batches) {
    if (!receipts.length) continue;
    // As JSON.stringify(all, null, 2) writes an array: each element indented by two spaces, after ",\n".
    await write(format === 'json'
      ? receipts.map((receipt, i) => (written + i ? ',\n  ' : '[\n  ') + JSON.stringify(receipt, null, 2).replace(/\n/g, '\n  ')).join('')
      : receipts.map((receipt) => csvLine(receipt) + '\r\n').join(''));
    written += receipts.length;
  }
  if (format === 'json') await write(written ? '\n]\n' : '[]\n');
}

const CSV_HEADER = ['id', 'received', 'decided', ...COLUMNS.slice(1).map((column) => camel(column))];

/** One receipt as a CSV line, without its line break. */
function csvLine(receipt: Receipt): string {
  const values: unknown[] = [receipt.id, new Date(receipt.receivedAt).toISOString(), new Date(receipt.timestamp).toISOString(), ...COLUMNS.slice(1).map((column) => receipt[camel(column)])];
  return values.map(csvField).join(',');
}

/** One CSV field; a leading `=`, `+`, `-` or `@` is quoted after a `'` so a spreadsheet does not run it as a formula. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The answer of `verifyReceipt`. */
export interface Verification {
  /** The cookie holds a decision and a stored receipt says exactly the same. */
  matches: boolean;
  /** The decision read from the cookie, or `null` when it holds none. */
  consent: Consent | null;
  /** The receipt stored for the cookie's decision id, or `null`. */
  receipt: Receipt | null;
  /** What differs, or why there is nothing to compare (in English, for the command line). */
  problems: string[];
}

/**
 * Checks a visitor's consent cookie against the stored receipts: finds the receipt of the cookie's
 * decision id and compares revision, time, source and every category (and service).
 * `cookie` is the cookie's value (`v=1&r=…`, also quoted or %-escaped) or a whole `Cookie` header.
 */
export async function verifyReceipt(store: ReceiptStore, cookie: string, options: { cookieName?: string } = {}): Promise<Verification> {
  const value = cookie.trim();
  // A lone value in quotes or %-escaped (as some servers write it) is read as the header reader reads one.
  const consent = decodeConsent(value) ?? parseConsent(cookie, { cookieName: options.cookieName }) ??
    (value.includes(';') ? null : parseConsent(`cookie_consent=${value}`));
  if (!consent) return { matches: false, consent: null, receipt: null, problems: ['the cookie holds no decision this version can read'] };
  const [receipt = null] = await store.find({ id: consent.id });
  if (!receipt) return { matches: false, consent, receipt, problems: [`no receipt stored for decision ${consent.id}`] };
  const problems: string[] = [];
  for (const field of ['revision', 'timestamp', 'source'] as const) {
    if (consent[field] !== receipt[field]) problems.push(`${field}: cookie ${consent[field]}, receipt ${receipt[field]}`);
  }
  const services = (consent as Consent & { services?: Record<string, boolean> }).services;
  for (const [name, cookieMap, receiptMap] of [['categories', consent.categories, receipt.categories], ['services', services, receipt.services]] as const) {
    const ids = new Set([...Object.keys(cookieMap ?? {}), ...Object.keys(receiptMap ?? {})]);
    for (const id of ids) {
      const a = cookieMap?.[id];
      const b = receiptMap?.[id];
      if (a !== b) problems.push(`${name}.${id}: cookie ${a ?? 'absent'}, receipt ${b ?? 'absent'}`);
    }
  }
  return { matches: problems.length === 0, consent, receipt, problems };
}

/** Deletes receipts received more than `days` days ago; resolves how many. The retention period is the site's to set (and to state in its policy). */
export function purgeReceipts(store: ReceiptStore, days: number, now = Date.now()): Promise<number> {
  if (!(days >= 0)) return Promise.reject(new RangeError('days must be a number from 0'));
  return store.purge(now - days * DAY);
}

/** One day of `receiptStats`: decisions by outcome and by source. */
export interface DayStats {
  day: string;
  total: number;
  outcomes: Record<ReceiptOutcome, number>;
  sources: Record<string, number>;
}

/** Decisions per UTC day (by receive time), by outcome (all accepted, all refused, partial) and by source, oldest day first. */
export async function receiptStats(store: ReceiptStore, filter: ReceiptFilter = {}): Promise<DayStats[]> {
  const days = new Map<string, DayStats>();
  for (const row of (await store.stats(filter)) as ReceiptStatsRow[]) {
    let day = days.get(row.day);
    if (!day) days.set(row.day, (day = { day: row.day, total: 0, outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<ReceiptOutcome, number>, sources: {} }));
    day.total += row.count;
    day.outcomes[row.outcome] += row.count;
    day.sources[row.source] = (day.sources[row.source] ?? 0) + row.count;
  }
  return [...days.values()];
}
