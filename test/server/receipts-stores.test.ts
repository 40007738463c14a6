/**
 * The same suite for both stores, on real databases: an SQLite file in a temporary directory, and a
 * throwaway PostgreSQL server (initdb in a temporary directory; missing binaries fail, never skip).
 * Also the owner's tools and command line on top of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsent, encodeConsent } from '../../src/consent/index.js';
import { exportReceipts, purgeReceipts, receiptStats, verifyReceipt, writeReceipts, type Receipt, type ReceiptStore } from '../../src/server/index.js';
import { toReceipt, type ReceiptBody } from '../../src/server/receipts/receipt.js';
import { sqliteReceiptStore } from '../../src/server/receipts/sqlite.js';
import { postgresReceiptStore } from '../../src/server/receipts/postgres.js';
import { main } from '../../src/server/receipts/cli.js';
import { startPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 12);

let made = 0;

/** A receipt as the handler would store it, for a decision made by `createConsent`. */
function receipt(granted: string[], refused: string[], receivedAt: number, source: Receipt['source'] = 'banner'): { receipt: Receipt; cookie: string } {
  // An id of its own, so no run draws one that starts with "-" (the CSV export puts a ' before those).
  const consent = createConsent(granted, refused, 3, source, receivedAt - 50, `r${(++made).toString().padStart(11, '0')}`);
  const body: ReceiptBody = { ...consent, language: 'de', textsHash: 'a'.repeat(64), version: '0.1.0', origin: 'https://shop.example', path: '/cart' };
  return { receipt: toReceipt(body, receivedAt, null), cookie: encodeConsent(consent) };
}

const tmp = mkdtempSync(join(tmpdir(), 'cc-receipts-'));
let postgres: ThrowawayPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(() => {
  postgres?.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

const stores: Array<[string, () => Promise<ReceiptStore>, () => string]> = [
  ['SQLite', () => sqliteReceiptStore(join(tmp, 'receipts.sqlite')), () => join(tmp, 'receipts.sqlite')],
  ['PostgreSQL', () => postgresReceiptStore(postgres.url), () => postgres.url],
];

for (const [name, open, db] of stores) {
  describe(`${name} store`, () => {
    let store: ReceiptStore;
    const accepted = receipt(['analytics', 'marketing'], [], T0);
    const refused = receipt([], ['analytics', 'marketing'], T0 + 1000, 'gpc');
    const partial = receipt(['analytics'], ['marketing'], T0 + DAY);
    const old = receipt(['analytics'], ['marketing'], T0 - 400 * DAY);

    before(async () => {
      store = await open();
      for (const { receipt: r } of [old, accepted, refused, partial]) assert.equal(await store.append(r), true);
    });
    after(() => store.close());

    it('keeps every field and gives receipts back oldest first', async () => {
      assert.deepEqual(await store.find(), [old, accepted, refused, partial].map((r) => r.receipt));
    });

    it('stores a decision once: a resend of the same id is not a second receipt', async () => {
      assert.equal(await store.append({ ...accepted.receipt, receivedAt: T0 + 5 }), false);
      assert.equal((await store.find({ id: accepted.receipt.id })).length, 1);
    });

    it('is append-only: the database itself refuses an UPDATE', async () => {
      const sql = `UPDATE consent_receipts SET outcome = 'accepted'`;
      if (name === 'SQLite') {
        const { default: Database } = await import('better-sqlite3');
        const db = new Database(join(tmp, 'receipts.sqlite'));
        assert.throws(() => db.prepare(sql).run(), /append-only/);
        db.close();
      } else {
        const { default: pg } = await import('pg');
        const client = new pg.Client(postgres.url);
        await client.connect();
        await assert.rejects(client.query(sql), /append-only/);
        await client.end();
      }
    });

    it('filters by id, receive time and outcome', async () => {
      assert.deepEqual(await store.find({ id: refused.receipt.id }), [refused.receipt]);
      assert.deepEqual(await store.find({ from: T0, to: T0 + DAY }), [accepted.receipt, refused.receipt]);
      assert.deepEqual(await store.find({ outcome: 'partial' }), [old.receipt, partial.receipt]);
    });

    it('counts decisions per day by outcome and source', async () => {
      assert.deepEqual(await receiptStats(store, { from: T0 - DAY }), [
        { day: '2026-01-10', total: 2, outcomes: { accepted: 1, refused: 1, partial: 0 }, sources: { banner: 1, gpc: 1 } },
        { day: '2026-01-11', total: 1, outcomes: { accepted: 0, refused: 0, partial: 1 }, sources: { banner: 1 } },
      ]);
    });

    it('verifies a cookie against its receipt, and names what differs', async () => {
      const match = await verifyReceipt(store, accepted.cookie);
      assert.equal(match.matches, true, match.problems.join());
      assert.equal((await verifyReceipt(store, `other=1; cookie_consent=${accepted.cookie}`)).matches, true);
      // A value as a server or proxy that quotes or escapes it wrote it, as the header reader takes it.
      assert.equal((await verifyReceipt(store, `"${accepted.cookie}"`)).matches, true);
      assert.equal((await verifyReceipt(store, encodeURIComponent(accepted.cookie))).matches, true);
      const forged = accepted.cookie.replace('&g=analytics+marketing&d=', '&g=analytics&d=marketing');
      assert.deepEqual((await verifyReceipt(store, forged)).problems, ['categories.marketing: cookie false, receipt true']);
      assert.match((await verifyReceipt(store, receipt(['analytics'], [], T0).cookie)).problems[0]!, /no receipt stored/);
      assert.equal((await verifyReceipt(store, 'garbage')).consent, null);
    });

    it('exports CSV and JSON', async () => {
      const csv = await exportReceipts(store, { outcome: 'accepted' });
      const lines = csv.trimEnd().split('\r\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^id,received,decided,receivedAt,timestamp,revision,source,outcome,categories,/);
      assert.ok(lines[1]!.startsWith(`${accepted.receipt.id},2026-01-10T12:00:00.000Z,`));
      assert.ok(lines[1]!.includes('"{""necessary"":true,""analytics"":true,""marketing"":true}"'));
      assert.deepEqual(JSON.parse(await exportReceipts(store, { id: partial.receipt.id }, 'json')), [partial.receipt]);
    });

    it('exports a batch at a time, byte for byte what the export as one string was', async () => {
      // What exportReceipts returned when it built the whole export in one string.
      const header = 'id,received,decided,receivedAt,timestamp,revision,source,outcome,categories,services,language,textsHash,version,origin,path,client\r\n';
      const line = (r: Receipt, received: string, decided: string) =>
        `${r.id},${received},${decided},${r.receivedAt},${r.timestamp},3,banner,accepted,"{""necessary"":true,""analytics"":true,""marketing"":true}",,de,${'a'.repeat(64)},0.1.0,https://shop.example,/cart,\r\n`;
      const csv = header + line(accepted.receipt, '2026-01-10T12:00:00.000Z', '2026-01-10T11:59:59.950Z');
      const json = (receipts: Receipt[]) => JSON.stringify(receipts, null, 2) + '\n';
      const all = [old, accepted, refused, partial].map((r) => r.receipt);
      for (const batchSize of [1, 3, 1000]) {
        const chunks: string[] = [];
        await writeReceipts(store, (text) => void chunks.push(text), {}, 'json', { batchSize });
        assert.equal(chunks.join(''), json(all), `batchSize ${batchSize}`);
        // One chunk per batch, and the closing bracket.
        assert.equal(chunks.length, Math.ceil(all.length / batchSize) + 1, `batchSize ${batchSize}`);
        chunks.length = 0;
        await writeReceipts(store, (text) => void chunks.push(text), { outcome: 'accepted' }, 'csv', { batchSize });
        assert.equal(chunks.join(''), csv);
      }
      assert.equal(await exportReceipts(store, { outcome: 'accepted' }), csv);
      assert.equal(await exportReceipts(store, {}, 'json'), json(all));
      assert.equal(await exportReceipts(store, { outcome: 'refused', from: T0 + DAY }, 'json'), '[]\n');
      assert.equal(await exportReceipts(store, { outcome: 'refused', from: T0 + DAY }), header);
      // A store of one's own without findBatches exports the same, from find.
      const without: ReceiptStore = { ...store };
      delete without.findBatches;
      assert.equal(await exportReceipts(without, {}, 'json'), json(all));
    });

    it('the command line exports, verifies, counts and purges', async () => {
      const run = async (...args: string[]) => {
        let out = '';
        const code = await main([...args, '--db', db()], (text) => void (out += text), (text) => void (out += text));
        return { code, out };
      };
      assert.deepEqual(JSON.parse((await run('export', '--format', 'json', '--from', '2026-01-11')).out), [partial.receipt]);
      // A date-time without an offset is UTC too, wherever the site owner runs the tool.
      const tz = process.env.TZ;
      process.env.TZ = 'Europe/Berlin';
      try {
        const at = (await run('export', '--format', 'json', '--from', '2026-01-10T12:00', '--to', '2026-01-10T12:00:00.001')).out;
        assert.deepEqual(JSON.parse(at), [accepted.receipt]);
      } finally {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
      }
      assert.match((await run('verify', accepted.cookie)).out, /^MATCH: receipt /);
      assert.equal((await run('verify', 'v=1&r=3&t=1&id=nope&s=api&g=&d=')).code, 1);
      assert.match((await run('stats', '--from', '2026-01-01')).out, /2026-01-10 +2 +1 +1 +0 +banner 1, gpc 1/);
      assert.equal((await run('export', '--outcome', 'maybe')).code, 2);
      assert.deepEqual(await run('purge', '--older-than', '365'), { code: 0, out: 'deleted 1 receipts received more than 365 days ago\n' });
      assert.deepEqual((await store.find()).map((r) => r.id), [accepted, refused, partial].map((r) => r.receipt.id));
    });

    it('purges by receive time', async () => {
      assert.equal(await purgeReceipts(store, 0.5, T0 + DAY), 2);
      assert.deepEqual(await store.find(), [partial.receipt]);
    });
  });
}

describe('PostgreSQL store, several servers starting at once', () => {
  it('opens in every one, on a new table and on an existing one (no deadlock on the catalog)', async () => {
    for (const round of ['new table', 'existing table']) {
      const opened = await Promise.allSettled(Array.from({ length: 6 }, () => postgresReceiptStore(postgres.url, { table: 'started_together', max: 1 })));
      const failed = opened.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      assert.deepEqual(failed, [], round);
    }
  });
});

describe('PostgreSQL, read by the command line with a role that may only SELECT', () => {
  const kept = receipt(['analytics'], ['marketing'], T0);
  let admin: import('pg').Client;
  let reader: string;
  const run = async (...args: string[]) => {
    let out = '';
    const code = await main(args, (text) => void (out += text), (text) => void (out += text));
    return { code, out };
  };
  before(async () => {
    const store = await postgresReceiptStore(postgres.url, { table: 'read_only' });
    await store.append(kept.receipt);
    await store.close();
    const { default: pg } = await import('pg');
    admin = new pg.Client(postgres.url);
    await admin.connect();
    // Since PostgreSQL 15 nobody but the owner may create in schema public: this role can read one table and nothing else.
    await admin.query(`CREATE ROLE auditor LOGIN; GRANT SELECT ON read_only TO auditor`);
    reader = postgres.url.replace('postgres@', 'auditor@');
  });
  after(() => admin.end());

  it('exports, counts and verifies without creating anything', async () => {
    const exported = await run('export', '--db', reader, '--table', 'read_only', '--format', 'json');
    assert.equal(exported.code, 0, exported.out);
    assert.deepEqual(JSON.parse(exported.out), [kept.receipt]);
    const stats = await run('stats', '--db', reader, '--table', 'read_only');
    assert.equal(stats.code, 0, stats.out);
    assert.match(stats.out, /2026-01-10 +1 +0 +0 +1 +banner 1/);
    assert.match((await run('verify', kept.cookie, '--db', reader, '--table', 'read_only')).out, /^MATCH/);
    // Writing still needs a role that may write: purge says so, exit 2.
    assert.equal((await run('purge', '--db', reader, '--table', 'read_only', '--older-than', '0')).code, 2);
  });

  it('refuses a mistyped --table (exit 2), also for a role that could create it', async () => {
    for (const db of [reader, postgres.url]) {
      for (const args of [['export'], ['stats'], ['verify', kept.cookie], ['purge', '--older-than', '0']]) {
        const { code, out } = await run(...args, '--db', db, '--table', 'read_onyl');
        assert.equal(code, 2, `${args[0]}: ${out}`);
        assert.equal(out, 'cannot open the store: no table read_onyl\n', args[0]);
      }
    }
    assert.equal((await admin.query(`SELECT to_regclass('read_onyl') AS found`)).rows[0].found, null);
  });
});

describe('the command line export, with more receipts than one batch', () => {
  it('writes as it reads (several writes, not one string of everything), the same text as before', async () => {
    const file = join(tmp, 'many.sqlite');
    const store = await sqliteReceiptStore(file);
    // Many receipts share a receive time: a page boundary falls inside such a run.
    const many = Array.from({ length: 2500 }, (_, i) => receipt(['analytics'], [], T0 + Math.floor(i / 7)).receipt);
    await Promise.all(many.map((r) => store.append(r)));
    for (const format of ['json', 'csv']) {
      const writes: string[] = [];
      const code = await main(['export', '--db', file, '--format', format], (text) => void writes.push(text), (text) => void writes.push(text));
      assert.equal(code, 0, writes.join(''));
      assert.ok(writes.length >= 3, `${format}: ${writes.length} write(s)`);
      const out = writes.join('');
      if (format === 'json') assert.equal(out, JSON.stringify(await store.find(), null, 2) + '\n');
      else assert.deepEqual(out.split('\r\n').slice(1, -1).map((line) => line.split(',')[0]), many.map((r) => r.id));
    }
    await store.close();
  });
});

describe('the command line, given odd arguments', () => {
  const file = join(tmp, 'odd-arguments.sqlite');
  const kept = receipt(['analytics'], [], T0 - 400 * DAY);
  const run = async (...args: string[]) => {
    let out = '';
    const code = await main(args, (text) => void (out += text), (text) => void (out += text));
    return { code, out };
  };
  before(async () => {
    const store = await sqliteReceiptStore(file);
    await store.append(kept.receipt);
    await store.close();
  });
  const count = async () => {
    const store = await sqliteReceiptStore(file);
    try {
      return (await store.find()).length;
    } finally {
      await store.close();
    }
  };

  it('purge refuses an empty or non-numeric age instead of deleting every receipt', async () => {
    // `--older-than "$DAYS"` with DAYS unset: Number('') is 0, "older than 0 days" is everything.
    for (const age of ['', ' ', 'a year', '0x10', '-1']) {
      const { code, out } = await run('purge', '--db', file, `--older-than=${age}`);
      assert.equal(code, 2, `${JSON.stringify(age)}: ${out}`);
    }
    assert.equal(await count(), 1);
  });

  it('refuses an SQLite file that does not exist rather than creating an empty one (a typo would verify NO MATCH)', async () => {
    const typo = join(tmp, 'recipts.sqlite');
    const verify = await run('verify', kept.cookie, '--db', typo);
    assert.equal(verify.code, 2, verify.out);
    assert.match(verify.out, /cannot open the store: no SQLite file at .*recipts\.sqlite/);
    assert.equal((await run('export', '--db', typo)).code, 2);
    assert.equal(existsSync(typo), false);
    assert.match((await run('verify', kept.cookie, '--db', file)).out, /^MATCH/);
  });

  it('no command creates a mistyped --table (exit 2): a purge of it would say "deleted 0" and delete nothing', async () => {
    for (const args of [['export'], ['stats'], ['verify', kept.cookie], ['purge', '--older-than', '0']]) {
      const { code, out } = await run(...args, '--db', file, '--table', 'consent_recipts');
      assert.equal(code, 2, `${args[0]}: ${out}`);
      assert.equal(out, 'cannot open the store: no table consent_recipts\n', args[0]);
    }
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
    db.close();
    assert.deepEqual(tables, [{ name: 'consent_receipts' }]);
    await assert.rejects(sqliteReceiptStore(file, { table: 'consent_recipts', create: false }), /^Error: no table consent_recipts$/);
    assert.match((await run('verify', kept.cookie, '--db', file, '--table', 'consent_receipts')).out, /^MATCH/);
  });

  it('takes only real ISO 8601 dates: no rolling 2026-02-30 into March, no "1" for 2001', async () => {
    for (const from of ['2026-02-30', '2025-02-29', '2026-13-01', '1', 'March 5', '2026-1-5', '2026-01-01 10:00']) {
      const { code, out } = await run('export', '--db', file, '--from', from);
      assert.equal(code, 2, `${from}: ${out}`);
      assert.match(out, /is not a date/);
    }
    const at = new Date(kept.receipt.receivedAt).toISOString();
    for (const [from, to] of [[at.slice(0, 10), '2024-12-31'], [at.slice(0, 16), at.slice(0, 19) + '.001Z'], ['2024-02-29', at.slice(0, 11) + '13:00:01+01:00']]) {
      const { code, out } = await run('export', '--db', file, '--format', 'json', '--from', from!, '--to', to!);
      assert.equal(code, 0, out);
      assert.deepEqual(JSON.parse(out).map((r: Receipt) => r.id), [kept.receipt.id], `${from} … ${to}`);
    }
  });
});

describe('SQLite beside the command line tool', () => {
  // better-sqlite3 waits for a lock synchronously: the web server's whole process stops meanwhile.
  it('an append that finds the file locked by another connection gives up within a moment, not after seconds', async () => {
    const file = join(tmp, 'locked.sqlite');
    const store = await sqliteReceiptStore(file);
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const start = performance.now();
      await assert.rejects(store.append(receipt(['analytics'], [], T0).receipt), /locked|busy/i);
      const waited = performance.now() - start;
      assert.ok(waited < 1000, `the process stood still for ${Math.round(waited)} ms`);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Free again: the browser's resend goes in.
    assert.equal(await store.append(receipt(['analytics'], [], T0).receipt), true);
    await store.close();
  });

  it('purge deletes in short transactions: another connection writes between them', async () => {
    const file = join(tmp, 'purge.sqlite');
    const store = await sqliteReceiptStore(file);
    const { default: Database } = await import('better-sqlite3');
    const site = new Database(file);
    const insert = site.prepare(`INSERT INTO consent_receipts (id, received_at, timestamp, revision, source, outcome, categories, path) VALUES (?, ?, ?, 0, 'banner', 'accepted', '{"necessary":true}', '/')`);
    site.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`old${i}`, T0 - 400 * DAY + i, T0 - 400 * DAY + i);
    })();
    // The site's server appending while purge runs, with a connection that never waits for the lock.
    site.pragma('busy_timeout = 0');
    let written = 0;
    const appends = setInterval(() => {
      try {
        insert.run(`new${written}`, T0 + written, T0);
        written++;
      } catch {
        // Locked at that moment: the handler would answer 503 and the browser send it again.
      }
    }, 1);
    try {
      assert.equal(await purgeReceipts(store, 365, T0), 20_000);
    } finally {
      clearInterval(appends);
      site.close();
    }
    assert.ok(written > 0, 'no write got in while purge ran');
    assert.equal((await store.find()).length, written);
    await store.close();
  });
});

describe('widget version', () => {
  it('receipts carry the version of package.json', async () => {
    const { VERSION } = await import('../../src/version.js');
    const { readFileSync } = await import('node:fs');
    assert.equal(VERSION, JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});
