// The scan: a fresh headless Chromium per state, a breadth-first crawl of the site's own pages, and a
// record of what each page left behind (cookies, storage keys) and which third parties it asked for.
// The three states are: before any choice, after "Reject all", after "Accept all" (the last two only
// when the site's banner is <cookie-consent>, which the scan can drive).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLookup } from './ocd.mjs';
import { PRESETS, matchesPattern, onDomain, presetOfCookie, presetOfUrl } from './presets.mjs';

/** A problem that makes the scan impossible (no browser, a bad URL): exit code 2. */
export class ScanError extends Error {}

export const STATES = ['before', 'reject', 'accept'];
const OPTIONAL = new Set(['preferences', 'analytics', 'marketing']);
// The switches the project's tests use (test/browsers.mjs): headless, no sandbox in containers, and no
// background traffic of the browser's own that would look like the site's. Not their --disable-features:
// it repeats the list of the Playwright version the tests run, and a site's may be another.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const NOT_PAGES = /\.(pdf|zip|gz|jpe?g|png|gif|webp|avif|svg|ico|mp[34]|webm|css|js|mjs|json|xml|txt|woff2?)$/i;

/**
 * Where Chromium is: `CHROMIUM_PATH`, else /usr/bin/chromium (and its usual siblings), else the browser
 * Playwright installed. Throws a ScanError that says what to do when there is none.
 */
export function findChromium(chromium, env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new ScanError(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, but there is no file there.`);
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (existsSync(path)) return path;
  let own;
  try {
    own = chromium.executablePath();
  } catch {
    own = undefined;
  }
  if (own && existsSync(own)) return own;
  throw new ScanError('No Chromium found. Install one (e.g. apt install chromium), set CHROMIUM_PATH to its executable, or run `npx playwright install chromium`.');
}

async function loadPlaywright() {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    throw new ScanError('The scanner needs playwright-core: npm install --save-dev playwright-core');
  }
}

/** The site a URL belongs to: its host without a leading `www.`; the site's pages are on it or its subdomains. */
export const siteOf = (url) => new URL(url).hostname.replace(/^www\./, '');

/** The host of a web address (a script's, with its `:line`), or `undefined`. */
const hostOf = (address) => {
  try {
    return new URL(address).hostname;
  } catch {
    return undefined;
  }
};

/** Where a page landed (its URL without a fragment), or `address` when that is no web address. */
function landedOn(page, address) {
  const url = page.url();
  if (!/^https?:/.test(url)) return address;
  const landed = new URL(url);
  landed.hash = '';
  return landed.href;
}

/** A cookie's lifetime as a person says it. */
export function lifetime(expires, now = Date.now() / 1000) {
  if (expires === undefined || expires === null || expires < 0) return 'session';
  const s = Math.max(0, expires - now);
  const [n, unit] = s >= 2 * 365 * 86400 ? [s / (365 * 86400), 'years'] : s >= 2 * 86400 ? [s / 86400, 'days'] : s >= 2 * 3600 ? [s / 3600, 'hours'] : [s / 60, 'minutes'];
  return `${Math.round(n)} ${unit}`;
}

/**
 * Which cookie a `Set-Cookie` line or a `document.cookie` write sets, as `cookieKey()` names a stored one:
 * its name, its domain (`.` and the `Domain` attribute, as the browser keeps it; else the host that set it,
 * for a host-only cookie) and whether it is partitioned.
 */
function writtenKey(line, host) {
  const [pair, ...attributes] = line.split(';');
  const attribute = (name) => attributes.map((a) => a.split('=')).find(([key]) => key.trim().toLowerCase() === name);
  const domain = attribute('domain')?.[1]?.trim().replace(/^\./, '');
  return `cookie:${pair.split('=')[0].trim()}|${(domain ? `.${domain}` : host).toLowerCase()}|${attribute('partitioned') ? 'p' : ''}`;
}

/** The key of a stored cookie (`context.cookies()`, a `Domain` one with its leading dot) among what was seen being written (`writtenKey()`). */
const cookieKey = (c) => `cookie:${c.name}|${c.domain.toLowerCase()}|${c.partitionKey ? 'p' : ''}`;

/** The first web address in a JavaScript stack: the script (or inline script's page) that ran the call. */
export function scriptOf(stack) {
  const match = /\b(https?:\/\/[^\s)]+?):(\d+):\d+/.exec(stack ?? '');
  return match ? `${match[1]}:${match[2]}` : undefined;
}

function initiatorOf(initiator) {
  const frames = [];
  for (let s = initiator?.stack; s; s = s.parent) frames.push(...s.callFrames);
  const frame = frames.find((f) => /^https?:/.test(f.url));
  if (frame) return `${frame.url}:${frame.lineNumber + 1}`;
  if (initiator?.url) return initiator.lineNumber !== undefined && initiator.lineNumber !== null ? `${initiator.url}:${initiator.lineNumber + 1}` : initiator.url;
  return undefined;
}

// Runs in every page and frame before the site's scripts: tells the scan which script wrote a cookie or a
// storage key (the browser keeps no record of it), then does exactly what the site asked.
function watchWrites() {
  const tell = (kind, name) => {
    try {
      globalThis.__cookieConsentScan?.(kind, name, new Error().stack ?? '');
    } catch {}
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      ...cookie,
      set(value) {
        // The whole line: its Domain and Partitioned tell which cookie of that name it is.
        tell('cookie', String(value));
        cookie.set.call(this, value);
      },
    });
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    let area = 'session';
    try {
      if (this === globalThis.localStorage) area = 'local';
    } catch {}
    tell(area, String(key));
    return setItem.call(this, key, value);
  };
}

/**
 * Scans a site. `progress(line)` hears what is happening. Resolves to the report (see docs/scan.md,
 * "The JSON report"); throws ScanError when no scan is possible.
 * @param {{ url: string, maxPages?: number, timeout?: number, wait?: number, allowHosts?: string[], strict?: boolean, browserArgs?: string[], progress?: (line: string) => void }} options
 */
export async function scan({ url, maxPages = 10, timeout = 60, wait = 2000, loadTimeout = 20_000, allowHosts = [], strict = false, browserArgs = [], progress = () => {} }) {
  let start;
  try {
    start = new URL(url);
  } catch {
    // `shop.example` is the commonest slip: say what is missing.
    throw new ScanError(`Not a URL: ${url}${/^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(url) ? ` (give its scheme: https://${url})` : ''}`);
  }
  if (!/^https?:$/.test(start.protocol)) throw new ScanError(`Only http: and https: sites can be scanned, not ${start.protocol}`);
  start.hash = '';
  // A staging site behind HTTP authentication: `https://user:password@staging.shop.example/`. They answer that
  // origin's challenge (and its https: one's, after a move from http:), no other's, and no address in the report
  // carries them. Any other challenge (an embedded frame that asks for a login) gets an empty answer, which
  // fails, and then none: it shows its 401, where a page would otherwise wait for a login dialog that never comes.
  const credentials = [];
  if (start.username || start.password) {
    const user = { username: decodeURIComponent(start.username), password: decodeURIComponent(start.password) };
    credentials.push({ ...user, origin: start.origin });
    if (start.protocol === 'http:') credentials.push({ ...user, origin: `https://${start.hostname}` });
  }
  credentials.push({ username: '', password: '' });
  start.username = start.password = '';
  const chromium = await loadPlaywright();
  const executablePath = findChromium(chromium);
  let site = siteOf(start.href);
  let scheme = start.protocol;
  const sameSite = (host) => onDomain(host, site);
  const lookup = createLookup();
  const report = {
    url: start.href,
    site,
    startedAt: '',
    limits: { maxPages, timeout },
    banner: null,
    configuration: null,
    complete: true,
    pages: [],
    states: {},
    findings: [],
    review: [],
  };

  let started = false; // whether the start page's <cookie-consent> was defined: else there is no banner to click
  const addresses = []; // the addresses the first state followed, as asked for: the other visitors take the same way
  let browser;
  // This Chromium blocks third-party cookies by default (no switch or CDP call lifts it), Chrome for most
  // visitors does not: a profile whose setting allows them, inherited by each state's off-the-record context,
  // so an ad frame's tracking cookie is in the scan as it is on a visitor's machine.
  const profile = mkdtempSync(join(tmpdir(), 'cookie-consent-scan-'));
  const tidy = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 2 });
    } catch {}
  };
  try {
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    browser = (await chromium.launchPersistentContext(profile, { executablePath, args: [...ARGS, ...browserArgs], timeout: 60_000 })).browser();
  } catch (error) {
    tidy();
    throw new ScanError(`Chromium (${executablePath}) did not start: ${error.message.split('\n')[0]}`);
  }
  // The time limit is the site's: it starts once the browser is up (starting it is slow on a busy machine).
  const startedAt = new Date();
  const deadline = startedAt.getTime() + timeout * 1000;
  /** A later page's load timeout: what is left of the limit, at least 1 s and at most 20 s. */
  const left = () => Math.max(1000, Math.min(20_000, deadline - Date.now()));
  /**
   * A page that did not load in the time it had was not scanned: the scan is incomplete, whatever the clock
   * says now (a timer on a busy machine may fire a little early or late).
   */
  const missed = (error) => {
    if (Date.now() >= deadline || error.name === 'TimeoutError') report.complete = false;
  };
  report.startedAt = startedAt.toISOString();
  // The time limit holds even when a page never answers: the browser goes, and with it every wait.
  // (At most setTimeout's 24.8 days: a longer delay would fire at once.)
  const watchdog = setTimeout(() => browser.close().catch(() => {}), Math.min(2 ** 31 - 1, Math.max(0, deadline - Date.now()) + 2000));
  try {
    // State 1 finds the pages; the other states visit the same ones.
    await runState(browser, 'before', null);
    if (report.banner === 'cookie-consent-element') {
      for (const state of ['reject', 'accept']) {
        if (Date.now() >= deadline) {
          report.complete = false;
          break;
        }
        await runState(browser, state, state);
      }
    }
  } catch (error) {
    if (Date.now() < deadline || error instanceof ScanError) throw error;
    report.complete = false;
  } finally {
    clearTimeout(watchdog);
    // The crawl ends here; closing Chromium is tidying up (seconds on a busy machine).
    report.finishedAt = new Date().toISOString();
    await browser.close().catch(() => {});
    tidy();
  }
  // Classified once every page's configuration is known: a later page may name a cookie an earlier one set.
  for (const record of Object.values(report.states)) {
    for (const c of record.cookies) Object.assign(c, classify(c.name, [c.domain.replace(/^\./, ''), hostOf(c.cause?.source)]));
    for (const s of record.storage) Object.assign(s, classify(s.key, [hostOf(s.origin), hostOf(s.cause?.source)]));
  }
  judge(report, { allowHosts, strict });
  return report;

  async function runState(browser, state, decision) {
    const context = await browser.newContext({ httpCredentials: credentials });
    const record = { pages: [], cookies: [], storage: [], requests: [], decided: decision ? false : undefined };
    report.states[state] = record;
    // A <cookie-consent> whose script never defined it has no buttons: each state would wait in vain.
    if (decision && !started) return;
    const writes = new Map(); // "cookie:name|domain|p" / "local:key" → what wrote it first (a script, or a response's header)
    const initiators = new Map(); // request URL → script or page that asked for it
    const pending = [];
    let current = start.href;
    await context.exposeBinding('__cookieConsentScan', ({ frame }, kind, name, stack) => {
      const script = scriptOf(stack);
      let key = `${kind}:${name}`;
      if (kind === 'cookie') {
        try {
          key = writtenKey(name, new URL(frame.url()).hostname);
        } catch {
          return;
        }
      }
      if (script && !writes.has(key)) writes.set(key, { by: 'script', source: script });
    });
    await context.addInitScript(watchWrites);
    context.on('request', (request) => {
      const address = request.url();
      const host = hostOf(address);
      if (!host || !/^https?:/.test(address) || sameSite(host)) return;
      let frame;
      try {
        frame = request.frame().url();
      } catch {
        frame = undefined;
      }
      record.requests.push({ url: address.slice(0, 300), host, type: request.resourceType(), page: current, frame: frame !== current ? frame : undefined, initiator: undefined });
    });
    context.on('response', (response) => {
      pending.push(
        response.headerValues('set-cookie').then(
          (values) => {
            const host = new URL(response.url()).hostname;
            for (const line of values.flatMap((v) => v.split('\n'))) {
              const key = writtenKey(line, host);
              if (!key.startsWith('cookie:|') && !writes.has(key)) writes.set(key, { by: 'header', source: response.url().slice(0, 300) });
            }
          },
          () => {},
        ),
      );
    });
    const page = await context.newPage();
    try {
      const cdp = await context.newCDPSession(page);
      cdp.on('Network.requestWillBeSent', (event) => {
        const by = initiatorOf(event.initiator);
        if (by && !initiators.has(event.request.url.slice(0, 300))) initiators.set(event.request.url.slice(0, 300), by);
      });
      await cdp.send('Network.enable');
    } catch {
      // Without the initiators the scan still knows the page; it only cannot name the script.
    }

    const seen = new Set([start.href]);
    const queue = decision ? [...addresses] : [start.href];
    const known = new Set();
    while (queue.length && record.pages.length < maxPages) {
      if (Date.now() >= deadline) {
        report.complete = false;
        break;
      }
      const address = queue.shift();
      current = address;
      progress(`[${state}] ${record.pages.length + 1}/${decision ? report.pages.length : maxPages} ${address}`);
      let status;
      let type;
      let loaded;
      // The start page of the first state: what it answers decides whether there is a scan at all.
      const first = address === start.href && state === 'before';
      try {
        // The start page is always given a fair chance (a first page load on a busy machine can take
        // seconds): without it there is no scan at all. Later pages share what is left of the limit.
        ({ status, type, loaded } = await open(page, address, first ? 20_000 : left()));
      } catch (error) {
        if (first) throw new ScanError(`Could not load ${address}: ${error.message.split('\n')[0]}`);
        // A link to a file the server sends as an attachment: not a page, nor one that failed.
        if (/^page\.goto: Download is starting/.test(error.message)) continue;
        record.pages.push({ url: address, error: error.message.split('\n')[0] });
        missed(error);
        continue;
      }
      // An error page is not the site: a clean scan of it would pass a broken deploy (a wrong URL, a 500).
      if (first && status >= 400) throw new ScanError(`${address} answered HTTP ${status}`);
      // The page is where the address led (a redirect: `/redir` to `/`), the one the visitor sees and the report lists.
      const url = landedOn(page, address);
      if (url !== address) {
        current = url;
        for (const r of record.requests) if (r.page === address) r.page = url;
      }
      // Nor is a JSON or image URL: a clean one-page scan of it would say nothing about the site's pages; a link
      // to one is not a page either, and takes no page's place. What it set is still counted, as from there.
      // (Without a Content-Type the browser guesses, as it would for a visitor: the scan goes on.)
      if (type && !/^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i.test(type)) {
        if (first) throw new ScanError(`${address} is not a web page (Content-Type: ${type.split(';')[0].trim()})`);
        await collect(url);
        continue;
      }
      if (first && url !== address) {
        // The site is where the start URL lands (http: to https:, one host to another): its links are the
        // site's pages and its own requests are not third-party.
        site = report.site = siteOf(url);
        scheme = new URL(url).protocol;
        for (let i = record.requests.length; i--; ) if (sameSite(record.requests[i].host)) record.requests.splice(i, 1);
      }
      seen.add(url);
      // A link that led to a page recorded already (`/redir` to `/`): counted there, not again, nor visited again by the other states.
      if (!decision && url !== address && report.pages.includes(url)) {
        await collect(url);
        continue;
      }
      // A page still loading when recorded (a subresource that never came) says so: what its `load` would start is missing.
      const visit = { url, ...(url !== address ? { requested: address } : {}), status, ...(loaded ? {} : { loaded }) };
      if (state === 'before') await readBanner(page, first);
      if (decision && record.pages.length === 0) {
        // The visitor's choice on the first page; what it released shows on that page.
        record.pages.push(visit);
        // What loads before the click is state 1's business: this state counts what follows the choice.
        await collect(url);
        record.cookies.length = record.storage.length = record.requests.length = 0;
        current = `${url} (after ${decision === 'reject' ? 'Reject all' : 'Accept all'})`;
        record.decided = await decide(page, decision);
        await settle(page);
        // Everything the visitor still has after the choice belongs to this state, also what stayed from before.
        known.clear();
        await collect(current);
        // The next view of the same page: a server or script that misreads the consent cookie only shows it
        // on the request that carries it, and a one-page scan has no other.
        current = `${url} (next view)`;
        try {
          await open(page, address, left());
          await collect(current);
        } catch (error) {
          missed(error);
        }
        continue;
      }
      record.pages.push(visit);
      if (!decision) {
        report.pages.push(url);
        addresses.push(address);
        for (const link of await links(page)) {
          if (seen.has(link)) continue;
          seen.add(link);
          queue.push(link);
        }
      }
      await collect(url);
    }
    await context.close().catch(() => {});

    /**
     * Opens a page as far as its HTML, then waits for `load` (at most `loadTimeout` ms) and for a quiet network (at
     * most `wait` ms). A subresource that never arrives (an image whose server never answers) holds `load` back for
     * ever: such a page is what a scan should report, not fail on, so it is recorded as it is. Resolves to its
     * status, its Content-Type and whether it loaded.
     */
    async function open(page, address, timeout) {
      const response = await page.goto(address, { waitUntil: 'domcontentloaded', timeout });
      // A slow page's `load` is waited for as long as the navigation could take (what its load-time tags do counts),
      // but not longer than `loadTimeout`: a `load` that never comes must not take the rest of the crawl.
      const until = Math.min(Date.now() + timeout, deadline);
      await page.waitForLoadState('load', { timeout: Math.max(1, Math.min(loadTimeout, until - Date.now())) }).catch(() => {});
      await settle(page);
      const loaded = await page.evaluate(() => document.readyState === 'complete').catch(() => true);
      return { status: response?.status(), type: response?.headers()['content-type'], loaded };
    }

    async function settle(page) {
      // Quiet network for half a second, or `wait` ms at most: what late scripts do within that is counted.
      await page.waitForLoadState('networkidle', { timeout: Math.max(1, Math.min(wait, deadline - Date.now())) }).catch(() => {});
    }

    async function links(page) {
      const hrefs = await page.$$eval('a[href], area[href]', (els) => els.map((a) => a.href)).catch(() => []);
      const out = [];
      for (const href of hrefs) {
        try {
          const u = new URL(href);
          u.hash = '';
          if (/^https?:$/.test(u.protocol) && u.protocol === scheme && sameSite(u.hostname) && !NOT_PAGES.test(u.pathname)) out.push(u.href);
        } catch {}
      }
      return out;
    }

    async function collect(where) {
      await Promise.all(pending.splice(0));
      for (const r of record.requests) if (!r.initiator) r.initiator = initiators.get(r.url);
      for (const c of await context.cookies()) {
        // A partitioned (CHIPS) cookie is a cookie of its own beside an unpartitioned one of the same name.
        const key = `${c.name}|${c.domain}|${c.path}|${c.partitionKey ?? ''}`;
        if (known.has(key)) continue;
        known.add(key);
        const domain = c.domain.replace(/^\./, '');
        record.cookies.push({
          name: c.name,
          domain: c.domain,
          path: c.path,
          lifetime: lifetime(c.expires),
          party: sameSite(domain) || onDomain(site, domain) ? 'first' : 'third',
          httpOnly: c.httpOnly,
          secure: c.secure,
          sameSite: c.sameSite,
          partitionKey: c.partitionKey,
          page: where,
          cause: writes.get(cookieKey(c)),
        });
      }
      // Every frame's storage, not only the page's: an embedded player or widget keeps its keys in its own origin.
      const frames = await Promise.all(
        page.frames().map((frame) => frame.evaluate(() => ({ origin: location.origin, local: Object.keys(localStorage), session: Object.keys(sessionStorage) })).catch(() => null)),
      );
      for (const storage of frames) {
        if (!storage || !/^https?:/.test(storage.origin)) continue;
        for (const area of ['local', 'session']) {
          for (const key of storage[area]) {
            const id = `${area}|${storage.origin}|${key}`;
            if (known.has(id)) continue;
            known.add(id);
            record.storage.push({ area, key, origin: storage.origin, page: where, cause: writes.get(`${area}:${key}`) });
          }
        }
      }
    }
  }

  /** The banner on the start page decides what the scan can drive; every page's configuration adds its cookie lists. */
  async function readBanner(page, first) {
    const present = await page.evaluate(() => !!document.querySelector('cookie-consent'));
    if (first) report.banner = present ? 'cookie-consent-element' : 'other';
    if (!present) return;
    const defined = await page.waitForFunction(() => customElements.get('cookie-consent'), null, { timeout: 5000 }).then(() => true, () => false);
    if (first) started = defined;
    // Read as the element reads its configuration: `categories` (spaces or commas) and its <cookie-category> children.
    const found = await page.evaluate(() => {
      const el = document.querySelector('cookie-consent');
      const list = (text) => (text ?? '').split(/[\s,]+/).filter(Boolean);
      const ids = [...new Set(list(el.getAttribute('categories')).filter((id) => id !== 'necessary' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(id)))];
      const cookies = {};
      for (const id of ['necessary', ...ids]) {
        const child = Array.from(el.children).find((c) => c.localName === 'cookie-category' && c.getAttribute('name') === id);
        cookies[id] = list(child?.getAttribute('cookies'));
      }
      return { cookieName: el.cookieName || 'cookie_consent', categories: ids, cookies };
    }).catch(() => null);
    if (!found) return;
    const config = (report.configuration ??= { cookieName: found.cookieName, categories: [], cookies: {} });
    for (const id of found.categories) if (!config.categories.includes(id)) config.categories.push(id);
    for (const [id, names] of Object.entries(found.cookies)) config.cookies[id] = [...new Set([...(config.cookies[id] ?? []), ...names])];
  }

  async function decide(page, decision) {
    const ready = await page
      .waitForFunction(() => customElements.get('cookie-consent') && document.querySelector('cookie-consent')?.shadowRoot, null, { timeout: 5000 })
      .then(() => true, () => false);
    if (!ready) return false;
    // A visitor's click on the banner's own button; the element's API when the button cannot be clicked.
    try {
      await page.locator(`cookie-consent [part~="${decision}"]:visible`).first().click({ timeout: 3000 });
    } catch {
      await page.evaluate((d) => document.querySelector('cookie-consent')[d === 'reject' ? 'rejectAll' : 'acceptAll'](), decision).catch(() => {});
    }
    return page
      .waitForFunction(() => !!document.querySelector('cookie-consent')?.consent, null, { timeout: 3000 })
      .then(() => true, () => false);
  }

  /** What a name is, where `hosts` are the cookie's domain or the storage's origin, and the host of what wrote it. */
  function classify(name, hosts) {
    const config = report.configuration;
    if (config && name === config.cookieName) {
      return { category: 'necessary', platform: 'cookie-consent-element', description: "The visitor's consent decision.", source: 'consent cookie' };
    }
    // Another site's row of that name says nothing of this one (a site's `sessionid` is not Instagram's): to review.
    const { entry, namesake } = lookup(name, hosts.filter(Boolean));
    const preset = presetOfCookie(name);
    const configured = config ? Object.keys(config.cookies).find((id) => matchesPattern(name, config.cookies[id])) : undefined;
    // A preset's cookie is in the preset's category, as the widget blocks it (`<cookie-service preset>`), where
    // the database calls it necessary ("Functional": Hotjar's _hjSessionUser_*, LinkedIn's li_fat_id) or has no entry.
    const byPreset = preset && (!entry || entry.category === 'necessary') ? PRESETS[preset].category : undefined;
    return {
      category: byPreset ?? entry?.category ?? 'unknown',
      platform: entry?.platform ?? (preset || undefined),
      ocdCategory: entry?.ocdCategory,
      description: entry?.description,
      retention: entry?.retention,
      pattern: entry ? (entry.prefix ? `${entry.name}*` : entry.name) : undefined,
      preset,
      configured,
      source: byPreset ? 'preset' : entry ? 'open-cookie-database' : undefined,
      namesake: namesake && { platform: namesake.platform, domain: namesake.domains.join(' '), category: namesake.category },
    };
  }
}

/** Whether an item is known to need consent: its own category or the category the site put it in. */
const optional = (item) => OPTIONAL.has(item.category) || (item.configured !== undefined && item.configured !== 'necessary');

/** Why the scan cannot classify an item: no row of its name, or only another site's. */
const unknownWhy = (item) =>
  item.namesake ? `its name matches ${item.namesake.platform ? `${item.namesake.platform}'s` : 'a'} cookie on ${item.namesake.domain} (${item.namesake.category}), but this one is not from there` : 'not in the Open Cookie Database';

/**
 * The verdict: what was set or asked for before a choice or after "Reject all" and needs consent is a
 * finding; what the scan cannot classify is listed for review (a finding too with `strict`).
 */
export function judge(report, { allowHosts = [], strict = false } = {}) {
  const allowed = (host) => allowHosts.some((h) => onDomain(host, h.toLowerCase()));
  for (const state of ['before', 'reject']) {
    const record = report.states[state];
    if (!record) continue;
    const add = (list, entry) => list.push({ state, ...entry });
    // A banner that takes no choice leaves the visitor no way to refuse, and the scan no way to check a refusal.
    if (record.decided === false) add(report.findings, { kind: 'banner', name: '<cookie-consent>', page: record.pages[0]?.url ?? report.url, why: 'the banner could not be driven' });
    for (const c of record.cookies) {
      const cause = c.cause && (c.cause.by === 'header' ? `Set-Cookie of ${c.cause.source}` : c.cause.source);
      const entry = { kind: 'cookie', name: c.name, domain: c.domain, partitionKey: c.partitionKey, category: c.category, platform: c.platform, page: c.page, cause };
      if (optional(c) || (c.party === 'third' && c.category !== 'necessary')) add(report.findings, { ...entry, why: c.party === 'third' && !optional(c) ? 'third-party cookie' : `${c.configured && c.configured !== 'necessary' ? c.configured : c.category} cookie` });
      else if (c.category === 'unknown' && !c.configured) add(strict ? report.findings : report.review, { ...entry, why: unknownWhy(c) });
    }
    for (const s of record.storage) {
      const entry = { kind: `${s.area}Storage`, name: s.key, category: s.category, platform: s.platform, page: s.page, cause: s.cause?.source };
      if (optional(s)) add(report.findings, { ...entry, why: `${s.category} storage` });
      else if (s.category === 'unknown') add(strict ? report.findings : report.review, { ...entry, why: unknownWhy(s) });
    }
    const hosts = new Set();
    for (const r of record.requests) {
      const preset = presetOfUrl(r.url);
      const category = preset ? PRESETS[preset].category : 'unknown';
      r.preset = preset;
      r.category = category;
      if (category === 'necessary' || allowed(r.host) || hosts.has(`${r.host}|${r.page}`)) continue;
      hosts.add(`${r.host}|${r.page}`);
      add(report.findings, { kind: 'request', name: r.url, host: r.host, type: r.type, category, platform: preset, page: r.page, cause: r.initiator, why: 'third-party request' });
    }
  }
  report.proposal = propose(report);
  return report;
}

/**
 * What to paste: a `<cookie-category cookies>` list per category for the cookies found, and the presets
 * (CONTRACT §9) whose cookies or hosts were seen.
 */
export function propose(report) {
  const presets = new Map();
  const categories = new Map();
  const unknown = new Set();
  for (const record of Object.values(report.states)) {
    for (const item of [...record.cookies, ...record.storage.map((s) => ({ ...s, name: s.key, storage: true }))]) {
      if (item.preset) {
        if (!presets.has(item.preset)) presets.set(item.preset, new Set());
        presets.get(item.preset).add(item.name);
        continue;
      }
      // The widget deletes by name on the site's own domain: a third-party cookie there is not another site's but
      // the site's namesake (Instagram's `sessionid`, listed, would delete the site's session). Its host is the finding.
      if (item.storage || item.party === 'third') continue;
      const category = item.configured && item.configured !== 'necessary' ? item.configured : item.category;
      if (category === 'unknown') unknown.add(item.name);
      else if (category !== 'necessary') {
        if (!categories.has(category)) categories.set(category, new Set());
        categories.get(category).add(item.pattern ?? item.name);
      }
    }
    for (const r of record.requests) {
      const preset = r.preset ?? presetOfUrl(r.url);
      if (!preset) continue;
      if (!presets.has(preset)) presets.set(preset, new Set());
      presets.get(preset).add(r.host);
    }
  }
  const ids = new Set([...categories.keys(), ...[...presets.keys()].map((p) => PRESETS[p].category).filter((c) => c !== 'necessary')]);
  const order = ['preferences', 'analytics', 'marketing'];
  const sorted = [...ids].sort((a, b) => (order.indexOf(a) + 1 || 9) - (order.indexOf(b) + 1 || 9));
  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const lines = [`<cookie-consent categories="${attr(sorted.join(' '))}" policy-url="/privacy">`];
  // A preset brings its category, label and cookies (CONTRACT §9): its line replaces listing them by hand.
  for (const id of presets.keys()) lines.push(`  <cookie-service preset="${id}"></cookie-service>`);
  for (const [id, names] of categories) lines.push(`  <cookie-category name="${attr(id)}" cookies="${attr([...names].join(' '))}"></cookie-category>`);
  lines.push('</cookie-consent>');
  if (unknown.size) lines.push(`<!-- Not classified (see "To review"), decide their category yourself: ${[...unknown].join(' ').replace(/--/g, '- -')} -->`);
  return {
    categories: Object.fromEntries([...categories].map(([id, names]) => [id, [...names]])),
    presets: [...presets].map(([id, evidence]) => ({ id, category: PRESETS[id].category, evidence: [...evidence] })),
    unknown: [...unknown],
    html: lines.join('\n'),
  };
}
