// The Open Cookie Database (data/open-cookie-database/, Apache 2.0): read from the CSV the package ships,
// so the data a scan relies on is the data anyone can inspect. Used by the scanner and by the build,
// which derives dist/cookie-data.json for <cookie-declaration> from the same rows.
import { readFileSync } from 'node:fs';
import { onDomain } from './presets.mjs';

export const CSV_URL = new URL('../data/open-cookie-database/open-cookie-database.csv', import.meta.url);

/**
 * OCD category → the widget's categories. "Functional" in the OCD is what a site needs to work
 * (sessions, load balancing, consent state), so it counts as necessary, like "Security" and "Necessary";
 * "Personalization" is what `preferences` asks for.
 */
export const CATEGORY_OF = {
  Necessary: 'necessary',
  Functional: 'necessary',
  Security: 'necessary',
  Personalization: 'preferences',
  Analytics: 'analytics',
  Marketing: 'marketing',
};

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) → rows of fields. */
export function parseCsv(text) {
  const field = /"((?:[^"]|"")*)"|([^,\r\n]*)/y;
  const rows = [];
  let row = [];
  for (let at = 0; at < text.length; ) {
    field.lastIndex = at;
    const match = field.exec(text);
    row.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]);
    at = field.lastIndex;
    if (text[at] === ',') at++;
    else {
      rows.push(row);
      row = [];
      at += text.startsWith('\r\n', at) ? 2 : 1;
    }
  }
  return rows.filter((r) => r.length > 1);
}

/**
 * The domains a row's Domain column names, lower case without a leading dot. The column is free text:
 * `instagram.com`, `.adnxs.com`, `facebook.com (3rd party)`, `.bing.com (3rd party) or .microsoft.com (3rd party)`,
 * `ads-[account].adhese.com`; empty, or a word with no dot (`id5-sync`), where the row names no site.
 */
export const domainsOf = (text) => [...new Set(text.toLowerCase().match(/[a-z0-9-]+(?:\.[a-z0-9-]+)+/g) ?? [])];

/**
 * The database as entries `{ name, prefix, platform, ocdCategory, category, domain, domains, description, retention, controller }`,
 * `prefix` true where the name matches every cookie that starts with it ("Wildcard match" 1), `domains` as `domainsOf()`.
 */
export function loadDatabase(text = readFileSync(CSV_URL, 'utf8')) {
  const [header, ...rows] = parseCsv(text);
  const col = (label) => header.findIndex((h) => h.trim().toLowerCase().startsWith(label));
  const at = {
    platform: col('platform'), category: col('category'), name: col('cookie'), domain: col('domain'),
    description: col('description'), retention: col('retention'), controller: col('data controller'), wildcard: col('wildcard'),
  };
  return rows
    .map((r) => ({
      name: r[at.name].trim(),
      prefix: r[at.wildcard].trim() === '1',
      platform: r[at.platform].trim(),
      ocdCategory: r[at.category].trim(),
      category: CATEGORY_OF[r[at.category].trim()] ?? 'unknown',
      domain: r[at.domain].trim(),
      domains: domainsOf(r[at.domain]),
      description: r[at.description].trim(),
      retention: r[at.retention].trim(),
      controller: r[at.controller].trim(),
    }))
    .filter((e) => e.name);
}

/**
 * Whether a name is of letters and digits alone (`sessionid`, `locale`, `uid`): one any site may give its own cookie,
 * where a database row that names a domain is that site's. A name with `_` or `-` (`_pin_unauth`, `_shopify_y`) is a
 * tool's own, and its script may write it from any host (a CDN).
 */
export const plainName = (name) => /^[a-z0-9]+$/i.test(name);

/**
 * A lookup by cookie or storage key name and the hosts it belongs to (the cookie's domain or the storage's
 * origin, and the host of the script or response that wrote it): an exact name first, then the longest prefix
 * entry that matches. A row that names its domains is that site's cookie, not every cookie of its name: a
 * site's own `sessionid` (Django's session) is not Instagram's, `locale` not Facebook's. For a name of letters and
 * digits alone, such a row counts only where one of the hosts is on one of its domains (or above it: `.google.com`
 * for `accounts.google.com`).
 * Returns `{ entry, namesake }`: the entry that counts, else the first row of that name that does not, so a
 * report can say whose name it is.
 */
export function createLookup(entries = loadDatabase()) {
  const exact = new Map();
  const prefixes = [];
  for (const e of entries) {
    if (e.prefix) prefixes.push(e);
    else exact.set(e.name, [...(exact.get(e.name) ?? []), e]);
  }
  prefixes.sort((a, b) => b.name.length - a.name.length);
  // Only for a plain name (`plainName`).
  const counts = (e, name, hosts) => !e.domains.length || !plainName(name) || hosts.some((h) => e.domains.some((d) => onDomain(h, d) || onDomain(d, h)));
  return (name, hosts) => {
    const rows = [...(exact.get(name) ?? []), ...prefixes.filter((e) => name.startsWith(e.name))];
    const entry = rows.find((e) => counts(e, name, hosts));
    return { entry, namesake: entry ? undefined : rows[0] };
  };
}
