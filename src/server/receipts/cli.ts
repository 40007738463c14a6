/**
 * `cookie-consent-receipts`: the site owner's command line for stored receipts.
 * The package's `bin` runs `main(process.argv.slice(2))`.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OUTCOMES } from './receipt.js';
import type { ReceiptFilter, ReceiptStore } from './store.js';
import { purgeReceipts, receiptStats, verifyReceipt, writeReceipts } from './tools.js';

export const USAGE = `Usage: cookie-consent-receipts <command> --db <file.sqlite | postgres://…> [options]

  export  [--format csv|json] [--id ID] [--from DATE] [--to DATE] [--outcome accepted|refused|partial]
          receipts received in [from, to) (dates as YYYY-MM-DD or ISO 8601, UTC), oldest first
  verify  <cookie value or Cookie header> [--cookie-name NAME]
          whether a stored receipt says exactly what the visitor's consent cookie says (exit 1 if not)
  purge   --older-than DAYS
          delete receipts received more than DAYS days ago (your retention period)
  stats   [--format table|json] [--from DATE] [--to DATE]
          decisions per day: all accepted, all refused, partial; and by source

  --db may also come from CONSENT_RECEIPTS_DB. --table NAME if not consent_receipts.
`;

/**
 * Opens the store a `--db` value names: a postgres:// URL, or else an SQLite file. `create: false` (every command:
 * the tool reads and purges a site's store, it never makes one) opens an existing table only: a mistyped `--table`
 * is an error rather than a new empty table, and on PostgreSQL a role that may only `SELECT` can run the commands
 * that only read.
 */
export async function openStore(db: string, table?: string, { create = true } = {}): Promise<ReceiptStore> {
  if (/^postgres(ql)?:\/\//.test(db)) {
    const { postgresReceiptStore } = await import('./postgres.js');
    return postgresReceiptStore(db, { table, create });
  }
  // SQLite would create a missing file: a mistyped --db would then export nothing and verify NO MATCH.
  if (!existsSync(db)) throw new Error(`no SQLite file at ${db}`);
  const { sqliteReceiptStore } = await import('./sqlite.js');
  // The tool may wait for the site's server, which holds the file for a commit at a time; the server waits briefly.
  return sqliteReceiptStore(db, { table, busyTimeoutMs: 5000, create });
}

/**
 * Runs one command; resolves the exit code. Output goes to `write` (awaited when it returns a promise), errors to `fail`.
 */
export async function main(
  argv: string[],
  // Waits for a full pipe to drain: an export written faster than `| gzip` reads would pile up in memory.
  write = (text: string): unknown => process.stdout.write(text) || once(process.stdout, 'drain'),
  fail = (text: string) => void process.stderr.write(text),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' }, table: { type: 'string' }, format: { type: 'string' }, id: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, outcome: { type: 'string' }, 'older-than': { type: 'string' },
        'cookie-name': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const db = values.db ?? process.env.CONSENT_RECEIPTS_DB;
  if (values.help || !command) {
    (values.help ? write : fail)(USAGE);
    return values.help ? 0 : 2;
  }
  if (!['export', 'verify', 'purge', 'stats'].includes(command)) return fail(`unknown command "${command}"\n\n${USAGE}`), 2;
  if (!db) return fail(`--db is missing\n\n${USAGE}`), 2;

  let filter: ReceiptFilter;
  try {
    filter = {
      id: values.id,
      from: date('--from', values.from),
      to: date('--to', values.to),
      outcome: values.outcome === undefined ? undefined : oneOf('--outcome', values.outcome, OUTCOMES),
    };
  } catch (error) {
    return fail(`${(error as Error).message}\n`), 2;
  }

  let store: ReceiptStore;
  try {
    store = await openStore(db, values.table, { create: false });
  } catch (error) {
    // Not "no match" (1): the database could not be opened (a missing driver, a refused connection).
    return fail(`cannot open the store: ${(error as Error).message}\n`), 2;
  }
  try {
    switch (command) {
      case 'export':
        await writeReceipts(store, write, filter, oneOf('--format', values.format ?? 'csv', ['csv', 'json'] as const));
        return 0;
      case 'verify': {
        if (rest.length !== 1) return fail('verify takes one cookie value or Cookie header (quote it)\n'), 2;
        const result = await verifyReceipt(store, rest[0]!, { cookieName: values['cookie-name'] });
        write(result.matches
          ? `MATCH: receipt ${result.receipt!.id}, received ${new Date(result.receipt!.receivedAt).toISOString()}, says what the cookie says\n`
          : `NO MATCH: ${result.problems.join('; ')}\n`);
        return result.matches ? 0 : 1;
      }
      case 'purge': {
        // Digits only: Number('') is 0, so an empty value (an unset shell variable) would delete every receipt.
        const given = values['older-than'] ?? '';
        const days = Number(given);
        if (!/^\d+(\.\d+)?$/.test(given.trim())) return fail('purge needs --older-than DAYS (a number from 0)\n'), 2;
        write(`deleted ${await purgeReceipts(store, days)} receipts received more than ${days} days ago\n`);
        return 0;
      }
      default: {
        const days = await receiptStats(store, filter);
        if (oneOf('--format', values.format ?? 'table', ['table', 'json'] as const) === 'json') {
          write(JSON.stringify(days, null, 2) + '\n');
          return 0;
        }
        write(['day         total  accepted  refused  partial  by source']
          .concat(days.map((d) => `${d.day}  ${pad(d.total, 5)}  ${pad(d.outcomes.accepted, 8)}  ${pad(d.outcomes.refused, 7)}  ${pad(d.outcomes.partial, 7)}  ` +
            Object.entries(d.sources).map(([source, n]) => `${source} ${n}`).join(', ')))
          .join('\n') + '\n');
        return 0;
      }
    }
  } catch (error) {
    fail(`${(error as Error).message}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

const pad = (n: number, width: number) => String(n).padStart(width);

/** A date (`YYYY-MM-DD` or ISO 8601) as ms since the epoch, UTC. */
function date(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // ISO 8601 only: Date.parse also takes "1" (2001) or "March 5", and rolls 2026-02-30 over into March.
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  const [, year, month, day, offset] = iso ?? [];
  // Without an offset, JavaScript reads a date-time as local time: the tool's dates are UTC wherever it runs.
  const ms = iso ? Date.parse(value.length === 10 ? value + 'T00:00:00Z' : offset ? value : value + 'Z') : NaN;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number.isNaN(ms) || calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) {
    throw new Error(`${option}: "${value}" is not a date (YYYY-MM-DD or ISO 8601)`);
  }
  return ms;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new Error(`${option} must be one of ${allowed.join(', ')}`);
  return value as T;
}
