// Measured against the peers: loads the same article page with this project's widget, with
// vanilla-cookieconsent 3, with klaro 0.7 and with no widget, in a fresh Chromium context per load,
// round-robin, checks that every load really worked, prints each target with PASS or FAIL and writes
// bench/RESULTS.md. Three profiles (docs/performance.md says how each is measured):
//
//   first       first visit on localhost, desktop and phone: banner, Accept all, scripts released
//   returning   returning visitor carrying the cookie its own widget's Accept all wrote, desktop and phone
//   latency     first visit with 40 ms of network latency per request (CDP), desktop
//
//   npm run bench                            build, then the three profiles (about four minutes)
//   npm run bench -- --profile returning     one profile (or several: first,latency); updates only its
//                                            section of bench/RESULTS.md
//   npm run bench -- --profile all           the three, then bench/observe.mjs (`observe` alone: only that)
//   node bench/run.mjs --rounds 4            fewer loads while iterating
//   node bench/run.mjs --widgets vcc,klaro,baseline
//   node bench/run.mjs --cpu-profile --widgets ours,vcc   CPU profiles: where each widget's time goes
//   node bench/run.mjs --cpu-profile --accept ...         the same, from the Accept click on only
//   node bench/run.mjs --cpu-profile --profile returning ...   the same for a returning visitor
//   node bench/run.mjs --timeline --widgets ours,vcc --floor   what happens when on one visit (also --profile returning)
//   node bench/run.mjs --timeline --accept ...            the same, from the Accept click to the scripts ran
//   node bench/run.mjs --widgets ours,vcc --candidate /tmp/a.iife.js,/tmp/build-dir --no-write   A/B changes
//   node bench/run.mjs --preload             also ours with the README's preload hint for the view
//
// A benchmark, not a test: a missed target is reported, never an exit status. Only a load that did not
// work (no banner, scripts run before consent, a failed request) stops the run with an error.
import os, { tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, benchChromiumArgs as chromiumArgs } from '../test/browsers.mjs';
import { widgets as allWidgets, sharedFiles } from './pages/index.mjs';
import { probe } from './lib/probe.mjs';
import { serve, filesIn } from './lib/server.mjs';
import { summary, sizes, cls, fmt, medianInterval } from './lib/stats.mjs';
import { profileWidgets } from './lib/profile.mjs';
import { timelines } from './lib/timeline.mjs';
import { buildClassic } from './lib/classic.mjs';

const argv = process.argv.slice(2);
// A bare `--profile` (no profile name after it) keeps its earlier meaning: CPU profiles.
const bare = argv.indexOf('--profile');
if (bare >= 0 && (bare === argv.length - 1 || argv[bare + 1].startsWith('--'))) argv[bare] = '--cpu-profile';
const { values: args } = parseArgs({
  args: argv,
  options: {
    profile: { type: 'string' },
    // Per profile by default (see `profiles` below); this sets every profile's.
    rounds: { type: 'string' },
    widgets: { type: 'string', default: allWidgets.map((w) => w.id).join(',') },
    'cpu-profile': { type: 'boolean', default: false },
    // One traced visit per widget and device, printed as a timeline (bench/lib/timeline.mjs).
    timeline: { type: 'boolean', default: false },
    // With --cpu-profile or --timeline: only from the Accept click on (what Accept → scripts is made of).
    accept: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    candidate: { type: 'string' },
    floor: { type: 'boolean', default: false },
    preload: { type: 'boolean', default: false },
  },
});
const SETTLE_MS = 300; // quiet time after the banner shows and after the scripts ran, before reading metrics
const BANNER_TIMEOUT_MS = 20_000;
const RAN_TIMEOUT_MS = 10_000;
// How long the Accept button is held down, as a person's click (~0.1 s). A zero-length click sends the
// mouse-up while the page still renders the mouse-down (:active, focus), so the click would wait for that
// frame, which no visitor's click does: it would add 1-4 ms of the press's own rendering to Accept → scripts.
const PRESS_MS = 100;
const PEERS = ['vcc', 'klaro'];
const KB = 1024;

const desktop = { id: 'desktop', name: 'Desktop (1280×800, no throttling)', viewport: { width: 1280, height: 800 }, dpr: 1, mobile: false, cpu: 1 };
const phone = { id: 'phone', name: 'Mid-range phone (412×915, CPU 4× slower)', viewport: { width: 412, height: 915 }, dpr: 2.625, mobile: true, cpu: 4 };

// Targets are ours ÷ the better peer (`ratio`, lower is better) or an absolute ceiling (`atMost`, in the
// metric's own unit: bytes, ms). `bytes`: the same in every load and device, so judged once, without an
// interval. `net`: compared net of the page without a widget.
const bytes = (key, label, targets) => ({ key, label: `${label} (KB)`, scale: 1 / KB, bytes: true, ...targets });
// Issue 12: no regression from the one-file widget's 17.4 KB.
const atBanner = bytes('bytesAtBannerGzip', 'Widget bytes loaded by the time the banner is up, gzip', { atMost: 17.4 * KB });
const requestsAtBanner = { key: 'requestsAtBanner', label: 'Widget requests by the time the banner is up', count: true };

const profiles = [
  {
    id: 'first',
    title: 'First visit',
    kind: 'first',
    devices: [desktop, phone],
    // 20 rounds were needed for Accept → scripts to settle run to run (at 12 it moved between 0.97× and
    // 1.09×); 10 per profile keep the whole `npm run bench` within about four minutes, and the 95 %
    // interval beside each ratio says how far another run could land (`--rounds 20` for a closer look).
    rounds: 10,
    metrics: [
      bytes('bytesRaw', 'Widget bytes, whole visit, raw', { ratio: 0.8 }),
      bytes('bytesGzip', 'Widget bytes, whole visit, gzip', { ratio: 0.8 }),
      bytes('bytesBrotli', 'Widget bytes, whole visit, brotli', { ratio: 0.8 }),
      atBanner,
      requestsAtBanner,
      { key: 'banner', label: 'Navigation → banner visible & clickable (ms)', ratio: 0.8 },
      { key: 'scripting', label: 'Main-thread scripting, whole visit (ms)', net: true, ratio: 0.8 },
      { key: 'scriptingLoad', label: 'Main-thread scripting, until banner settled (ms)', net: true },
      { key: 'longTaskCount', label: 'Long tasks (count)', count: true },
      { key: 'longTaskMs', label: 'Long tasks (total ms)' },
      { key: 'cls', label: 'Cumulative layout shift', digits: 4, zero: true },
      { key: 'heap', label: 'JS heap after GC, at banner (KB)', net: true },
      { key: 'lcp', label: 'Largest contentful paint (ms)' },
      { key: 'acceptToRun', label: 'Accept click → both tagged scripts ran (ms)', ratio: 1.0 },
      { key: 'acceptToRequest', label: 'Accept click → first tagged script requested (ms)' },
      { key: 'acceptToPaint', label: 'Accept click → next frame rendered (ms)' },
    ],
  },
  {
    id: 'returning',
    title: 'Returning visitor (the cookie of its own widget\'s "Accept all")',
    kind: 'returning',
    devices: [desktop, phone],
    rounds: 10,
    metrics: [
      bytes('bytesGzip', 'Widget bytes loaded, gzip', { atMost: 7.5 * KB, ratio: 0.5 }),
      bytes('bytesRaw', 'Widget bytes loaded, raw: what is parsed'),
      { key: 'requests', label: 'Widget requests', count: true },
      { key: 'scripting', label: 'Main-thread scripting, whole visit (ms)', net: true, ratio: 0.5 },
      { key: 'heap', label: 'JS heap after GC, after the tagged scripts ran (KB)', net: true, ratio: 0.5 },
      { key: 'ran', label: 'Navigation → both tagged scripts ran (ms)', ratio: 0.8 },
      { key: 'longTaskMs', label: 'Long tasks (total ms)' },
      { key: 'cls', label: 'Cumulative layout shift', digits: 4, zero: true },
    ],
  },
  {
    id: 'latency',
    title: 'First visit at 40 ms latency',
    kind: 'first',
    // Chromium's own network emulation (CDP Network.emulateNetworkConditions): every request waits 40 ms
    // for its response, with no throughput cap, so each request a widget adds in sequence costs a round trip.
    latency: 40,
    devices: [desktop],
    rounds: 10,
    // Nothing here is compared net of the page: the page without a widget would only take time.
    baseline: false,
    metrics: [
      atBanner,
      requestsAtBanner,
      bytes('bytesGzip', 'Widget bytes, whole visit, gzip'),
      { key: 'banner', label: 'Navigation → banner visible & clickable (ms)', ratio: 1.0 },
      { key: 'acceptToRun', label: 'Accept click → both tagged scripts ran (ms)', ratio: 1.0 },
      { key: 'acceptToRequest', label: 'Accept click → first tagged script requested (ms)' },
    ],
  },
];

// `observe` (bench/observe.mjs: what watching for late additions costs, about 100 s) runs when asked for
// by name or with `all`, so that the default run stays within about four minutes.
const asked = (args.profile ?? profiles.map((p) => p.id).join(','))
  .split(',')
  .map((id) => id.trim())
  .flatMap((id) => (id === 'all' ? [...profiles.map((p) => p.id), 'observe'] : [id]));
const chosen = [...new Set(asked.filter((id) => id !== 'observe'))].map((id) => {
  const p = profiles.find((x) => x.id === id);
  if (!p) throw new Error(`unknown profile "${id}" (known: ${profiles.map((x) => x.id).join(', ')}, observe, all)`);
  return p;
});
const everything = chosen.length === profiles.length;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
function observe() {
  process.stderr.write('\nrunning bench/observe.mjs\n');
  const r = spawnSync(process.execPath, [here('observe.mjs')], { stdio: 'inherit' });
  // Only a crash (its targets, like these, are reported, not an exit status).
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
if (!chosen.length) {
  observe();
  process.exit();
}
if (args.rounds) for (const p of chosen) p.rounds = Number(args.rounds);

const widgets = args.widgets.split(',').map((id) => {
  const w = allWidgets.find((x) => x.id === id.trim());
  if (!w) throw new Error(`unknown widget "${id}" (known: ${allWidgets.map((x) => x.id).join(', ')})`);
  return w;
});
// --candidate PATH[,PATH…]: other builds of ours (a dist/ directory, or one IIFE file), measured in the
// same run (interleaved) beside ours, to check that a change helps before it lands. They are not part of
// the ratios or targets.
const ours = allWidgets.find((w) => w.id === 'ours');
const candidate = (id, name, path) => ({
  ...ours,
  id,
  probe: 'ours',
  name,
  html: ours.html.replace('src="/ours/cookie-consent.iife.js"', `src="/${id}/cookie-consent.iife.js"`),
  files: statSync(path).isDirectory() ? filesIn(path, `/${id}/`) : { [`/${id}/cookie-consent.iife.js`]: path },
});
for (const [i, path] of (args.candidate ? args.candidate.split(',') : []).entries()) {
  const id = `candidate${i || ''}`;
  widgets.push(candidate(id, `${id} (${path.replace(/\/+$/, '').split('/').pop()})`, path));
}
// --floor: the least a widget on this stack and contract runs (bench/floor/entry.js), measured beside ours:
// a target below what the floor itself costs cannot be met by any build of this widget.
if (args.floor) {
  const path = join(mkdtempSync(join(tmpdir(), 'floor-')), 'cookie-consent.iife.js');
  writeFileSync(path, await buildClassic(here('./floor/entry.js')));
  widgets.push({ ...candidate('floor', 'floor (js-cookie + element + observer)', path), short: 'floor' });
  // The same floor with its button from a Lit view file that the classic script import()s (bench/floor/split.js):
  // the least that issue 12's split (the view only when something is shown) costs a first visit.
  const split = mkdtempSync(join(tmpdir(), 'floor-split-'));
  writeFileSync(join(split, 'cookie-consent.iife.js'), await buildClassic(here('./floor/split.js')));
  writeFileSync(join(split, 'cookie-consent-view.js'), await buildClassic(here('./floor/view.js'), [], 'es'));
  widgets.push({ ...candidate('floor-split', 'split floor (the floor, its button from a Lit view file)', split), short: 'split floor' });
}

if (widgets.some((w) => w.id === 'ours') && !existsSync(here('../dist/cookie-consent.iife.js'))) {
  throw new Error('dist/cookie-consent.iife.js is missing: run `npm run build` (or `npm run bench`)');
}

// --preload: ours as the README's Install shows it for sites whose visitors are mostly new, with the view
// hinted in <head> (`<link rel="modulepreload">`). Measured beside ours, with a ratio of its own, as the
// issue allows the hint: the first visit gains the round trip, a returning visit pays for the hinted file.
if (args.preload) {
  widgets.push({
    ...candidate('preload', 'cookie-consent-element + preload hint', here('../dist')),
    short: 'with preload',
    html: ours.html
      .replace('</head>', '<link rel="modulepreload" href="/preload/cookie-consent-view.js">\n</head>')
      .replace('src="/ours/cookie-consent.iife.js"', 'src="/preload/cookie-consent.iife.js"'),
  });
}

// Each page at /<id>/, everything its widget may load under /<id>/, the tagged scripts at their own paths.
const routes = {};
for (const w of widgets) {
  routes[`/${w.id}/`] = { body: w.html };
  for (const [path, file] of Object.entries(w.files)) routes[path] = { file };
}
for (const [path, file] of Object.entries(sharedFiles)) routes[path] = { file };
routes['/privacy'] = { body: '<!doctype html><title>Privacy</title><p>Privacy policy.</p>' };

const server = await serve(routes);
const fileSizes = new Map([...server.bodies].map(([path, body]) => [path, sizes(body)]));
/** The widget's own requests among `paths`: whatever it loaded from under its prefix, once each. */
const ownOf = (widget, paths) => [...new Set(paths)].filter((p) => p.startsWith(`/${widget.id}/`) && p !== `/${widget.id}/`);
const bytesOf = (paths) => {
  const bytes = { raw: 0, gzip: 0, brotli: 0 };
  for (const p of paths) for (const k of Object.keys(bytes)) bytes[k] += fileSizes.get(p)?.[k] ?? 0;
  return bytes;
};

const browser = await chromium.launch({
  executablePath: chromiumPath,
  // navigator.webdriver would make vanilla-cookieconsent hide itself from "bots" (its hideFromBots
  // default); a visitor's browser does not set it.
  args: [...chromiumArgs, '--disable-blink-features=AutomationControlled'],
});
const browserVersion = browser.version();

const withTimeout = (promise, ms, message) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref()),
  ]);

const metricsOf = async (cdp) =>
  Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

// What each widget's own "Accept all" stored (cookies, localStorage), captured once per run.
const consentOf = new Map();

/**
 * One visit. First visit: load the page, wait for the banner, click Accept, wait for the tagged scripts.
 * Returning visitor: load the page with the widget's own stored consent and wait for the tagged scripts,
 * which must run with no banner and no click.
 */
async function visit(widget, device, profile, hooks = {}) {
  const returning = profile.kind === 'returning';
  const context = await browser.newContext({
    viewport: device.viewport,
    deviceScaleFactor: device.dpr,
    isMobile: device.mobile,
    storageState: returning ? consentOf.get(widget.id) : undefined,
  });
  try {
    await context.addInitScript(probe, { widget: widget.probe ?? widget.id, watchBanner: !returning });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const requested = [];
    const failed = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin !== server.origin) return;
      if (r.status() >= 400) failed.push(`${r.status()} ${url.pathname}`);
      requested.push(url.pathname);
    });
    page.on('requestfailed', (r) => failed.push(`${r.failure()?.errorText} ${r.url()}`));

    const cdp = await context.newCDPSession(page);
    // Thread time, not wall time: what the page's main thread itself spent, which other processes on a
    // busy machine cannot inflate (CPU throttling still scales it).
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (device.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: device.cpu });
    if (profile.latency) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latency, downloadThroughput: -1, uploadThroughput: -1 });
    }
    await hooks.beforeNavigation?.(cdp);

    const fail = (what) => {
      const extra = [...failed, ...errors].join('; ');
      return new Error(`${widget.name} (${profile.id}, ${device.id}): ${what}${extra ? ` [${extra}]` : ''}`);
    };
    const scriptsRan = (since) =>
      withTimeout(page.evaluate(() => window.__bench.ran), RAN_TIMEOUT_MS, 'x').catch(async () => {
        const ranAt = await page.evaluate(() => window.__bench.ranAt).catch(() => ({}));
        throw fail(`tagged scripts did not both run within ${RAN_TIMEOUT_MS} ms of ${since} (ran: ${Object.keys(ranAt).join(', ') || 'none'})`);
      });

    await page.goto(`${server.origin}/${widget.id}/`, { waitUntil: 'load', timeout: 30_000 });

    if (returning) {
      await scriptsRan('navigation');
      await page.waitForTimeout(SETTLE_MS);
      const atEnd = await metricsOf(cdp);
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await metricsOf(cdp)).JSHeapUsedSize;
      if (await page.evaluate(() => window.__bench.locate())) throw fail('a returning visitor was shown the banner');
      await hooks.afterVisit?.(cdp, atEnd, context);
      const rec = await page.evaluate(() => {
        const { ranAt, longTasks, shifts, probeMs } = window.__bench;
        return { ranAt, longTasks, shifts, probeMs };
      });
      if (failed.length) throw fail('a request failed');
      const own = ownOf(widget, requested);
      const bytes = bytesOf(own);
      return {
        files: own,
        requests: own.length,
        bytesRaw: bytes.raw,
        bytesGzip: bytes.gzip,
        bytesBrotli: bytes.brotli,
        scripting: atEnd.ScriptDuration * 1000,
        heap: heap / 1024,
        ran: Math.max(rec.ranAt.analytics, rec.ranAt.marketing),
        longTaskMs: rec.longTasks.reduce((s, t) => s + t.duration, 0),
        cls: cls(rec.shifts),
        probeMs: rec.probeMs,
      };
    }

    if (widget.banner) {
      await withTimeout(page.evaluate(() => window.__bench.banner), BANNER_TIMEOUT_MS, 'x').catch(() => {
        throw fail(`no visible, clickable Accept button within ${BANNER_TIMEOUT_MS} ms`);
      });
    }
    await page.waitForTimeout(SETTLE_MS);
    await page.evaluate(() => window.__bench.stopPolling());
    const atBannerMetrics = await metricsOf(cdp);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await metricsOf(cdp);
    const heap = afterGc.JSHeapUsedSize;
    // The forced collection is the bench's doing, not the page's: keep it out of the scripting time.
    const gcMs = (afterGc.ScriptDuration - atBannerMetrics.ScriptDuration) * 1000;

    let clickTarget = null;
    if (widget.banner) {
      const early = await page.evaluate(() => ({ ...window.__bench.ranAt }));
      if (Object.keys(early).length) throw fail(`tagged scripts ran before consent: ${Object.keys(early)}`);
      clickTarget = await page.evaluate(() => window.__bench.locate());
      if (!clickTarget) throw fail('the Accept button was no longer clickable after the banner settled');
      await hooks.beforeClick?.(cdp);
      await page.mouse.click(clickTarget.x, clickTarget.y, { delay: PRESS_MS });
    }
    await scriptsRan('Accept');
    await page.waitForTimeout(SETTLE_MS);
    const atEnd = await metricsOf(cdp);
    await hooks.afterVisit?.(cdp, atEnd, context);
    const rec = await page.evaluate(() => {
      const { bannerAt, clickAt, paintAt, ranAt, longTasks, shifts, lcp, probeMs } = window.__bench;
      const resources = performance.getEntriesByType('resource');
      // When the browser started fetching the tagged scripts: the part of Accept → scripts that is the
      // widget's own work, before the network and the next frame add theirs.
      const tagged = resources.filter((e) => /\/(analytics|marketing)\.js$/.test(e.name));
      const requestedAt = tagged.length ? Math.min(...tagged.map((e) => e.startTime)) : null;
      // What the page had asked for by the time the banner was up (requests started before that frame).
      const beforeBanner = bannerAt === null ? [] : resources.filter((e) => e.startTime <= bannerAt).map((e) => new URL(e.name).pathname);
      return { bannerAt, clickAt, paintAt, ranAt, longTasks, shifts, lcp, probeMs, requestedAt, beforeBanner };
    });
    if (failed.length) throw fail('a request failed');
    if (widget.banner && rec.clickAt === null) throw fail('the click on Accept never reached the page');

    const before = (t) => rec.clickAt === null || t < rec.clickAt;
    const lcp = rec.lcp.filter((e) => before(e.start)).at(-1) ?? null;
    const own = ownOf(widget, requested);
    const bytes = bytesOf(own);
    const ownAtBanner = ownOf(widget, rec.beforeBanner);
    const ranAt = Math.max(rec.ranAt.analytics, rec.ranAt.marketing);
    return {
      files: own,
      bytesRaw: bytes.raw,
      bytesGzip: bytes.gzip,
      bytesBrotli: bytes.brotli,
      bytesAtBannerGzip: widget.banner ? bytesOf(ownAtBanner).gzip : null,
      requestsAtBanner: widget.banner ? ownAtBanner.length : null,
      banner: rec.bannerAt,
      scripting: atEnd.ScriptDuration * 1000 - gcMs,
      scriptingLoad: atBannerMetrics.ScriptDuration * 1000,
      probeMs: rec.probeMs,
      longTaskCount: rec.longTasks.length,
      longTaskMs: rec.longTasks.reduce((s, t) => s + t.duration, 0),
      cls: cls(rec.shifts.filter((s) => before(s.start))),
      heap: heap / 1024,
      lcp: lcp?.start ?? null,
      lcpInBanner: lcp ? lcp.inBanner : null,
      lcpTag: lcp ? (lcp.inShadow ? '(shadow tree)' : lcp.tag) : null,
      acceptToRun: widget.banner ? ranAt - rec.clickAt : null,
      acceptToRequest: widget.banner && rec.requestedAt !== null ? rec.requestedAt - rec.clickAt : null,
      acceptToPaint: widget.banner && rec.paintAt !== null ? rec.paintAt - rec.clickAt : null,
    };
  } finally {
    await context.close();
  }
}

const firstVisit = profiles.find((p) => p.id === 'first');

if (args['cpu-profile'] || args.timeline) {
  // A first visit, or with `--profile returning` a returning visitor's (each widget's own Accept all stored first).
  const profiled = args.profile === 'returning' ? profiles.find((p) => p.id === 'returning') : firstVisit;
  if (profiled !== firstVisit) {
    if (args.accept) throw new Error('--accept profiles a first visit: a returning visitor clicks nothing');
    for (const w of widgets.filter((x) => x.banner)) consentOf.set(w.id, await acceptOnce(w));
  }
  if (args.timeline) {
    const shown = widgets.filter((w) => w.banner);
    await timelines({ visit: (w, device, hooks) => visit(w, device, profiled, hooks), widgets: shown, profiles: [desktop, phone], origin: server.origin, fromClick: args.accept });
    await browser.close();
    await server.close();
    process.exit(0);
  }
  // Ours beside every peer asked for, so the profile shows where ours differs. Only the files the visit
  // requests are broken down (the build served holds more: server code, every language).
  const used = [];
  for (const w of widgets) {
    const { files } = await visit(w, desktop, profiled);
    used.push({ ...w, files: Object.fromEntries(Object.entries(w.files).filter(([p]) => files.includes(p))) });
  }
  await profileWidgets({ visit: (w, device, hooks) => visit(w, device, profiled, hooks), widgets: used, profiles: [desktop, phone], origin: server.origin, fromClick: args.accept });
  await browser.close();
  await server.close();
  process.exit(0);
}

/** A returning visitor's consent: what the widget stored when "Accept all" was clicked once. */
async function acceptOnce(widget) {
  let state;
  await visit(widget, desktop, firstVisit, { afterVisit: async (_cdp, _m, context) => (state = await context.storageState()) });
  // Only what was stored: an empty localStorage would make every context open a page to restore it.
  state.origins = state.origins.filter((o) => o.localStorage.length);
  if (!state.cookies.length && !state.origins.length) throw new Error(`${widget.name}: "Accept all" stored nothing`);
  return state;
}

const cpu = os.cpus();
const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`;
const versions = widgets.filter((w) => w.version).map((w) => `${w.name} ${w.version}`).join(', ');
const started = Date.now();
const sections = new Map(); // profile id -> markdown
const allVerdicts = [];
const probeTimes = [];

for (const profile of chosen) {
  const t0 = Date.now();
  const when = new Date(t0).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  // Wall-clock figures (banner, Accept → scripts) suffer when other processes share the CPU: say how busy
  // the machine was when the profile began (later, the bench's own browser dominates the figure).
  const loadBefore = os.loadavg()[0];
  const stored = [];
  if (profile.kind === 'returning') {
    for (const w of widgets.filter((x) => x.banner)) {
      consentOf.set(w.id, await acceptOnce(w));
      const { cookies, origins } = consentOf.get(w.id);
      stored.push(`${w.name}: ${[...cookies.map((c) => `cookie \`${c.name}\``), ...origins.flatMap((o) => o.localStorage.map((l) => `localStorage \`${l.name}\``))].join(', ')}`);
    }
  }
  // Warm-up (discarded), then the rounds; in each round every device visits every page, the order
  // rotated by one each round so that drift (thermal, other processes) hits all pages alike.
  const results = new Map(); // `${device}:${widget}` -> visit[]
  const pages = profile.baseline === false ? widgets.filter((w) => w.banner) : widgets;
  for (const device of profile.devices) for (const w of pages) await visit(w, device, profile);
  for (let round = 0; round < profile.rounds; round++) {
    for (const device of profile.devices) {
      const order = pages.map((_, i) => pages[(i + round) % pages.length]);
      for (const w of order) {
        const key = `${device.id}:${w.id}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(await visit(w, device, profile));
      }
    }
    process.stderr.write(`${profile.id}: round ${round + 1}/${profile.rounds} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  probeTimes.push(...[...results.values()].flat().map((v) => v.probeMs));
  const { markdown, verdicts } = report(profile, results, pages);
  allVerdicts.push(...verdicts);
  let text = `<!-- profile:${profile.id} -->\n## Profile \`${profile.id}\`: ${profile.title}\n\n`;
  text += `Run from ${when}: ${profile.rounds} rounds${profile.latency ? `, ${profile.latency} ms latency per request` : ''}, load average ${loadBefore.toFixed(2)} (1 min) as it began, ${((Date.now() - t0) / 1000).toFixed(0)} s. Re-run alone: \`npm run bench -- --profile ${profile.id}\`.\n`;
  if (stored.length) text += `\nWhat each widget's "Accept all" stored, given to every visit: ${stored.join('; ')}.\n`;
  text += markdown;
  text += `<!-- /profile:${profile.id} -->\n`;
  sections.set(profile.id, text);
}
await browser.close();
await server.close();

// ---- Report ---------------------------------------------------------------------------------------
function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |\n`;
  return line(header) + line(header.map(() => '---')) + rows.map(line).join('') + '\n';
}

function report(profile, results, widgets) {
  const peersHere = widgets.filter((w) => PEERS.includes(w.id));
  const oursHere = widgets.find((w) => w.id === 'ours');
  const baselineHere = widgets.find((w) => w.id === 'baseline');
  const compared = oursHere && peersHere.length;
  // The preload variant (--preload) and the floors (--floor) get a ratio too, not a verdict: the targets are the
  // default install's. A floor's ratio above a target says that no build of this widget can meet it.
  const variants = compared ? widgets.filter((w) => w.short) : [];
  const value = (x, m) => (m.count ? (Number.isInteger(x) ? String(x) : x.toFixed(1)) : fmt(x * (m.scale ?? 1), m.digits));
  const cell = (s, m) => (!s ? '—' : s.min === s.max ? value(s.median, m) : `${value(s.median, m)} (${value(s.min, m)}–${value(s.max, m)})`);
  const verdicts = [];
  let markdown = '';
  for (const device of profile.devices) {
    const stat = (w, key) => summary((results.get(`${device.id}:${w.id}`) ?? []).map((v) => v[key]));
    const rows = [];
    const header = ['Metric', ...widgets.map((w) => w.name), ...(compared ? ['ours ÷ best peer'] : []), ...variants.map((w) => `${w.short} ÷ best peer`)];
    const judged = device === profile.devices[0];
    for (const m of profile.metrics) {
      const row = [m.label, ...widgets.map((w) => cell(stat(w, m.key), m))];
      if (!compared) {
        rows.push(row);
        continue;
      }
      const mine = stat(oursHere, m.key);
      const best = Math.min(...peersHere.map((p) => stat(p, m.key)?.median).filter((x) => x !== undefined));
      const b = m.net && baselineHere ? stat(baselineHere, m.key)?.median ?? 0 : 0;
      const ratioOf = (s) => (s && best - b > 0 ? (s.median - b) / (best - b) : null);
      const shown = (s, r) => (r === null ? (s && s.median === 0 && best === 0 ? '= (both 0)' : '—') : `${r.toFixed(2)}×${m.net && baselineHere ? ' (net)' : ''}`);
      const ratio = ratioOf(mine);
      // Rounds are interleaved, so the i-th load of a page and of the better peer ran side by side: the spread
      // of their per-round ratios says how far this run's ratio could be from another run's.
      const peer = peersHere.find((p) => stat(p, m.key)?.median === best);
      const intervalOf = (w) => {
        // Bytes are exact; and a metric no peer has leaves nothing to divide by.
        if (m.bytes || !peer) return null;
        const loads = results.get(`${device.id}:${w.id}`) ?? [];
        const theirs = results.get(`${device.id}:${peer.id}`) ?? [];
        return medianInterval(loads.map((v, i) => (v[m.key] - b) / (theirs[i]?.[m.key] - b)));
      };
      const span = (interval) => (interval ? `${interval[0].toFixed(2)}–${interval[1].toFixed(2)}×` : '');
      row.push(shown(mine, ratio));
      // A variant's ratio carries its interval where a target is judged: a floor's says how sure "below the floor" is.
      for (const w of variants) {
        const r = ratioOf(stat(w, m.key));
        const interval = m.ratio !== undefined && r !== null ? intervalOf(w) : null;
        row.push(shown(stat(w, m.key), r) + (interval ? ` (${span(interval)})` : ''));
      }
      rows.push(row);
      // Bytes do not depend on the device: judged once.
      if (m.bytes && !judged) continue;
      const base = { device: device.id, label: m.label };
      if (m.atMost !== undefined) {
        const worst = mine?.max ?? null;
        verdicts.push({ ...base, target: `≤ ${value(m.atMost, m)}${m.scale ? ' KB' : ''}`, shown: worst === null ? '—' : `${value(worst, m)}${m.scale ? ' KB' : ''}`, met: worst !== null && worst <= m.atMost });
      }
      if (m.ratio !== undefined) {
        const interval = intervalOf(oursHere);
        const spans = interval && interval[0] <= m.ratio && interval[1] > m.ratio;
        verdicts.push({
          ...base,
          target: `≤ ${m.ratio.toFixed(1)}× ${peer.name}${m.net && baselineHere ? ' (net)' : ''}`,
          shown: ratio === null ? '—' : `${ratio.toFixed(2)}×`,
          interval: interval ? `${span(interval)}${spans ? ' (spans the target)' : ''}` : '',
          met: ratio !== null && ratio <= m.ratio,
        });
      }
      if (m.zero) {
        const worst = mine?.max ?? null;
        verdicts.push({ ...base, target: '= 0 in every load', shown: worst === null ? '—' : fmt(worst, 4), met: worst === 0 });
      }
    }
    if (profile.kind === 'first') {
      // Whether the banner became the page's largest contentful paint.
      const lcpRow = ['Banner is the LCP element (loads)'];
      for (const w of widgets) {
        const vs = results.get(`${device.id}:${w.id}`) ?? [];
        const yes = vs.filter((v) => v.lcpInBanner === true).length;
        const unknown = vs.filter((v) => v.lcpInBanner === null).length;
        const tags = [...new Set(vs.map((v) => v.lcpTag ?? '?'))].join('/');
        lcpRow.push(w.banner ? `${yes}/${vs.length}${unknown ? ` (${unknown} unknown)` : ''} [${tags}]` : `— [${tags}]`);
      }
      if (compared) lcpRow.push('');
      lcpRow.push(...variants.map(() => ''));
      rows.push(lcpRow);
    }
    markdown += `\n### ${device.name}\n\nMedian (min–max) of ${profile.rounds} loads per page.\n\n` + table(header, rows);
  }

  const fileRows = [];
  for (const w of widgets) {
    const files = new Set([...results.entries()].filter(([k]) => k.endsWith(`:${w.id}`)).flatMap(([, vs]) => vs.flatMap((v) => v.files)));
    for (const f of [...files].sort()) {
      const s = fileSizes.get(f);
      fileRows.push([w.name, f, (s.raw / KB).toFixed(1), (s.gzip / KB).toFixed(1), (s.brotli / KB).toFixed(1)]);
    }
  }
  let head = '';
  if (verdicts.length) {
    const missed = verdicts.filter((v) => !v.met);
    head +=
      `\n### Targets\n\n` +
      table(
        ['device', 'metric', 'target', 'this run', 'verdict', '95 % interval'],
        verdicts.map((v) => [v.device, v.label, v.target, v.shown, v.met ? 'PASS' : '**FAIL**', v.interval ?? '']),
      ) +
      (missed.length ? `**${missed.length} of ${verdicts.length} target(s) FAIL:** ${missed.map((v) => `${v.label} (${v.device})`).join('; ')}.\n` : `All ${verdicts.length} targets PASS.\n`);
  }
  const tail = `\n### Files each page loaded for its widget\n\nEvery request under the widget's own prefix, over all loads of this profile. Sizes: raw, gzip -9, brotli 11 (KB).\n\n` + table(['widget', 'file', 'raw', 'gzip', 'brotli'], fileRows);
  return { markdown: head + markdown + tail, verdicts: verdicts.map((v) => ({ ...v, profile: profile.id })) };
}

const probeAll = summary(probeTimes);
const probeNote = probeAll ? `${fmt(probeAll.median)} ms per load, at most ${fmt(probeAll.max)} ms` : 'nothing measurable';

let header = `# Measured against the peers\n\n`;
header += `Written by \`npm run bench\` (bench/run.mjs); each profile's section says when it ran. How each profile is measured and what each figure means: [docs/performance.md](../docs/performance.md).\n\n`;
header += `- Machine: ${machine}\n- Browser: Chromium ${browserVersion} (headless, driven by playwright-core)\n- Widgets: ${versions}\n`;
header += `- Method: the same article page (no images, inline CSS, system fonts) served from 127.0.0.1 with identical headers and no compression on the wire; three categories (necessary, analytics, marketing) and one tagged script per optional category, installed as each widget documents; a fresh browser context per load, one warm-up load per page and device, then the profile's rounds with the page order rotated each round. A first visit must show a visible, clickable Accept button, must not run the tagged scripts before the click, and must run both after it; a returning visit must run both with no banner; otherwise the run aborts.\n`;
header += `- How each figure is taken: bytes are the files the page requested from under the widget's own URL prefix (so whatever the build splits into counts, lazy loads included), sized as a server would send them precompressed; "by the time the banner is up" counts the requests started (resource timing) before the frame in which the banner was first seen; the banner time is performance.now() just after the first rendered frame (checked once per frame, so ~16 ms resolution) in which the Accept button passes checkVisibility() and a hit test at its centre (through open shadow roots); scripting time is CDP Performance.getMetrics ScriptDuration in main-thread CPU time (timeDomain threadTicks, so other processes cannot inflate it; the bench's forced GC taken out; the in-page probe itself costs ${probeNote}; it does not poll on returning visits); long tasks, layout shifts (without recent input, up to the Accept click) and LCP come from buffered PerformanceObservers; the heap is CDP JSHeapUsedSize after a forced GC; Accept is clicked like a person clicks (mouse button held ${PRESS_MS} ms); Accept → scripts is the later of the two \`window.__ran_*\` timestamps minus the click's own time stamp (event.timeStamp: when the browser received the mouse-up, so any delay before the page handles the click counts too); navigation → scripts ran (returning visitor) is the later of the two timestamps; Accept → requested is the earlier of the two scripts' resource-timing startTime minus the same time stamp: the widget's own part of it, before the network and the frame that shows the banner gone (Chromium renders that frame before it hands the page the scripts' responses); Accept → next frame is timed like the banner (a task queued from the first animation frame after the click), i.e. what INP measures for the click, up to the main thread's part of the paint. An LCP element inside a shadow tree is withheld by Chromium; as the article has no shadow trees, that is counted as the banner on our widget's page.\n`;
header += `- Like Lighthouse, Playwright drives Chromium with the DevTools Runtime domain enabled. Chromium then records a full JavaScript stack on each \`document.cookie\` access, and V8 re-parses every function on that stack to locate it (trace event V8.CollectSourcePositions, shown by \`--cpu-profile\`). A widget that reads the cookie while a large function is on the stack (e.g. a bundle's top-level wrapper) pays for that here and in Lighthouse, but not for visitors without DevTools open.\n`;
header += `- CDP CPU throttling (the phone) slows the page's main thread only: work V8 does on background threads (streaming and compiling a script while it downloads) runs at full speed there, and main-thread scripting does not include it, for any widget.\n`;
header += `- Chromium runs with --disable-blink-features=AutomationControlled so that navigator.webdriver is false, as for a visitor; otherwise vanilla-cookieconsent's default hideFromBots would hide its banner.\n`;
header += `- Ratios compare our median with the better peer's median. Scripting time and heap are compared net of the baseline page (the same page with no widget), so the page's own cost does not dilute the difference. A verdict reads the ratio of medians (or, for an absolute ceiling, our worst load); beside it, the 95 % confidence interval of the median of the per-round ratios (each round loads every page once, side by side): where it spans the target, another run may well give the other verdict.\n`;

// A profile run alone replaces only its own section, so the other profiles' last figures stay.
const resultsFile = here('RESULTS.md');
let text;
if (!everything && existsSync(resultsFile) && readFileSync(resultsFile, 'utf8').includes('<!-- profile:')) {
  text = readFileSync(resultsFile, 'utf8');
  for (const [id, section] of sections) {
    const pattern = new RegExp(`<!-- profile:${id} -->[\\s\\S]*?<!-- /profile:${id} -->\\n`);
    text = pattern.test(text) ? text.replace(pattern, () => section) : `${text}\n${section}`;
  }
} else {
  text = header + [...sections.values()].map((s) => `\n${s}`).join('');
}

process.stdout.write(`\n${header}${[...sections.values()].map((s) => `\n${s}`).join('')}`);
const missed = allVerdicts.filter((v) => !v.met);
process.stdout.write(
  `\n## Summary: ${allVerdicts.length - missed.length} of ${allVerdicts.length} targets PASS\n\n` +
    allVerdicts.map((v) => `${v.met ? 'PASS' : 'FAIL'}  ${v.profile}/${v.device}  ${v.label}: ${v.shown} (target ${v.target})`).join('\n') +
    '\n',
);
if (!args['no-write']) writeFileSync(resultsFile, text);
process.stderr.write(`\n${args['no-write'] ? 'done' : 'wrote bench/RESULTS.md'} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);

if (asked.includes('observe')) observe();
