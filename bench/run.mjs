// Measured against the peers: loads the same article page with this project's widget, with
// vanilla-cookieconsent 3, with klaro 0.7 and with no widget, in a fresh Chromium context per load,
// round-robin, at two device profiles; checks that every load really worked; prints a table with ratios
// to the best peer and writes bench/RESULTS.md.
//
//   npm run bench                      build, then everything (and bench/observe.mjs if present)
//   node bench/run.mjs --rounds 4      fewer loads while iterating
//   node bench/run.mjs --widgets vcc,klaro,baseline
//   node bench/run.mjs --profile --widgets ours,vcc   CPU profiles: where each widget's time goes
//   node bench/run.mjs --widgets ours,vcc --candidate /tmp/a.iife.js,/tmp/b.iife.js --no-write   A/B changes
import os from 'node:os';
import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, chromiumArgs } from '../test/browsers.mjs';
import { widgets as allWidgets, sharedFiles } from './pages/index.mjs';
import { probe } from './lib/probe.mjs';
import { serve } from './lib/server.mjs';
import { summary, sizes, cls, fmt, medianInterval } from './lib/stats.mjs';
import { profileWidgets } from './lib/profile.mjs';

const { values: args } = parseArgs({
  options: {
    // 20 rounds (at least 10 asked): at 12, Accept → scripts moved between 0.97× and 1.09× from one run to the
    // next; more rounds narrow the interval of each ratio.
    rounds: { type: 'string', default: '20' },
    widgets: { type: 'string', default: allWidgets.map((w) => w.id).join(',') },
    profile: { type: 'boolean', default: false },
    'no-observe': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    candidate: { type: 'string' },
  },
});
const ROUNDS = Number(args.rounds);
const SETTLE_MS = 300; // quiet time after the banner shows and after the scripts ran, before reading metrics
const BANNER_TIMEOUT_MS = 20_000;
const RAN_TIMEOUT_MS = 10_000;
// How long the Accept button is held down, as a person's click (~0.1 s). A zero-length click sends the
// mouse-up while the page still renders the mouse-down (:active, focus), so the click would wait for that
// frame, which no visitor's click does: it would add 1-4 ms of the press's own rendering to Accept → scripts.
const PRESS_MS = 100;
const PEERS = ['vcc', 'klaro'];

const profiles = [
  { id: 'desktop', name: 'Desktop (1280×800, no throttling)', viewport: { width: 1280, height: 800 }, dpr: 1, mobile: false, cpu: 1 },
  { id: 'phone', name: 'Mid-range phone (412×915, CPU 4× slower)', viewport: { width: 412, height: 915 }, dpr: 2.625, mobile: true, cpu: 4 },
];

const widgets = args.widgets.split(',').map((id) => {
  const w = allWidgets.find((x) => x.id === id.trim());
  if (!w) throw new Error(`unknown widget "${id}" (known: ${allWidgets.map((x) => x.id).join(', ')})`);
  return w;
});
// --candidate FILE[,FILE…]: other builds of our IIFE, measured in the same run (interleaved) beside ours,
// to check that a change helps before it lands. They are not part of the ratios or targets.
const ours = allWidgets.find((w) => w.id === 'ours');
for (const [i, file] of (args.candidate ? args.candidate.split(',') : []).entries()) {
  const id = `candidate${i || ''}`;
  widgets.push({
    ...ours,
    id,
    probe: 'ours',
    name: `${id} (${file.split('/').pop()})`,
    html: ours.html.replace('src="/cookie-consent.iife.js"', `src="/${id}/cookie-consent.iife.js"`),
    files: { [`/${id}/cookie-consent.iife.js`]: file },
  });
}

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
if (widgets.some((w) => w.id === 'ours') && !existsSync(here('../dist/cookie-consent.iife.js'))) {
  throw new Error('dist/cookie-consent.iife.js is missing: run `npm run build` (or `npm run bench`)');
}

// Each page at /<id>/ ; the widget files and the tagged scripts at their own paths.
const routes = {};
for (const w of widgets) {
  routes[`/${w.id}/`] = { body: w.html };
  for (const [path, file] of Object.entries(w.files)) routes[path] = { file };
}
for (const [path, file] of Object.entries(sharedFiles)) routes[path] = { file };
routes['/privacy'] = { body: '<!doctype html><title>Privacy</title><p>Privacy policy.</p>' };

const server = await serve(routes);
const fileSizes = new Map([...server.bodies].map(([path, body]) => [path, sizes(body)]));

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

/** One visit: load the page, wait for the banner, click Accept, wait for the tagged scripts. */
async function visit(widget, profile, hooks = {}) {
  const context = await browser.newContext({
    viewport: profile.viewport,
    deviceScaleFactor: profile.dpr,
    isMobile: profile.mobile,
  });
  try {
    await context.addInitScript(probe, widget.probe ?? widget.id);
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
    if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    await hooks.beforeNavigation?.(cdp);

    const fail = (what) => {
      const extra = [...failed, ...errors].join('; ');
      return new Error(`${widget.name} (${profile.id}): ${what}${extra ? ` [${extra}]` : ''}`);
    };

    await page.goto(`${server.origin}/${widget.id}/`, { waitUntil: 'load', timeout: 30_000 });
    if (widget.banner) {
      await withTimeout(page.evaluate(() => window.__bench.banner), BANNER_TIMEOUT_MS, 'x').catch(() => {
        throw fail(`no visible, clickable Accept button within ${BANNER_TIMEOUT_MS} ms`);
      });
    }
    await page.waitForTimeout(SETTLE_MS);
    await page.evaluate(() => window.__bench.stopPolling());
    const atBanner = await metricsOf(cdp);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await metricsOf(cdp);
    const heap = afterGc.JSHeapUsedSize;
    // The forced collection is the bench's doing, not the page's: keep it out of the scripting time.
    const gcMs = (afterGc.ScriptDuration - atBanner.ScriptDuration) * 1000;

    let clickTarget = null;
    if (widget.banner) {
      const early = await page.evaluate(() => ({ ...window.__bench.ranAt }));
      if (Object.keys(early).length) throw fail(`tagged scripts ran before consent: ${Object.keys(early)}`);
      clickTarget = await page.evaluate(() => window.__bench.locate());
      if (!clickTarget) throw fail('the Accept button was no longer clickable after the banner settled');
      await page.mouse.click(clickTarget.x, clickTarget.y, { delay: PRESS_MS });
    }
    await withTimeout(page.evaluate(() => window.__bench.ran), RAN_TIMEOUT_MS, 'x').catch(async () => {
      const ranAt = await page.evaluate(() => window.__bench.ranAt).catch(() => ({}));
      throw fail(`tagged scripts did not both run within ${RAN_TIMEOUT_MS} ms of Accept (ran: ${Object.keys(ranAt).join(', ') || 'none'})`);
    });
    await page.waitForTimeout(SETTLE_MS);
    const atEnd = await metricsOf(cdp);
    await hooks.afterVisit?.(cdp, atEnd);
    const rec = await page.evaluate(() => {
      const { bannerAt, clickAt, paintAt, ranAt, longTasks, shifts, lcp, probeMs } = window.__bench;
      // When the browser started fetching the tagged scripts: the part of Accept → scripts that is the
      // widget's own work, before the network and the next frame add theirs.
      const tagged = performance.getEntriesByType('resource').filter((e) => /\/(analytics|marketing)\.js$/.test(e.name));
      const requestedAt = tagged.length ? Math.min(...tagged.map((e) => e.startTime)) : null;
      return { bannerAt, clickAt, paintAt, ranAt, longTasks, shifts, lcp, probeMs, requestedAt };
    });
    if (failed.length) throw fail('a request failed');
    if (widget.banner && rec.clickAt === null) throw fail('the click on Accept never reached the page');

    const before = (t) => rec.clickAt === null || t < rec.clickAt;
    const lcp = rec.lcp.filter((e) => before(e.start)).at(-1) ?? null;
    const own = requested.filter((p) => !(p in sharedFiles) && p !== `/${widget.id}/`);
    const bytes = { raw: 0, gzip: 0, brotli: 0 };
    for (const p of new Set(own)) for (const k of Object.keys(bytes)) bytes[k] += fileSizes.get(p)[k];
    const ranAt = Math.max(rec.ranAt.analytics, rec.ranAt.marketing);
    return {
      files: [...new Set(own)],
      bytesRaw: bytes.raw,
      bytesGzip: bytes.gzip,
      bytesBrotli: bytes.brotli,
      banner: rec.bannerAt,
      scripting: atEnd.ScriptDuration * 1000 - gcMs,
      scriptingLoad: atBanner.ScriptDuration * 1000,
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

if (args.profile) {
  // Ours beside every peer asked for, so the profile shows where ours differs.
  await profileWidgets({ visit, widgets, profiles, origin: server.origin });
  await browser.close();
  await server.close();
  process.exit(0);
}

// Warm-up (discarded), then ROUNDS rounds; in each round every profile visits every page, the order
// rotated by one each round so that drift (thermal, other processes) hits all pages alike.
const results = new Map(); // `${profile}:${widget}` -> visit[]
const started = Date.now();
// Wall-clock figures (banner, Accept → scripts) suffer when other processes share the CPU: say how busy
// the machine was when the run began (later, the bench's own browser dominates the figure).
const loadBefore = os.loadavg()[0];
for (const profile of profiles) for (const w of widgets) await visit(w, profile);
for (let round = 0; round < ROUNDS; round++) {
  for (const profile of profiles) {
    const order = widgets.map((_, i) => widgets[(i + round) % widgets.length]);
    for (const w of order) {
      const key = `${profile.id}:${w.id}`;
      if (!results.has(key)) results.set(key, []);
      results.get(key).push(await visit(w, profile));
    }
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
await browser.close();
await server.close();

// ---- Report ---------------------------------------------------------------------------------------
const metrics = [
  { key: 'bytesRaw', label: 'Widget bytes, raw (KB)', scale: 1 / 1024, target: 0.8, same: 'bytes' },
  { key: 'bytesGzip', label: 'Widget bytes, gzip (KB)', scale: 1 / 1024, target: 0.8, same: 'bytes' },
  { key: 'bytesBrotli', label: 'Widget bytes, brotli (KB)', scale: 1 / 1024, target: 0.8, same: 'bytes' },
  { key: 'banner', label: 'Navigation → banner visible & clickable (ms)', target: 1.0 },
  { key: 'scripting', label: 'Main-thread scripting, whole visit (ms)', net: true, target: 0.8 },
  { key: 'scriptingLoad', label: 'Main-thread scripting, until banner settled (ms)', net: true },
  { key: 'longTaskCount', label: 'Long tasks (count)', count: true },
  { key: 'longTaskMs', label: 'Long tasks (total ms)' },
  { key: 'cls', label: 'Cumulative layout shift', digits: 4, zero: true },
  { key: 'heap', label: 'JS heap after GC, at banner (KB)', net: true },
  { key: 'lcp', label: 'Largest contentful paint (ms)' },
  { key: 'acceptToRun', label: 'Accept click → both tagged scripts ran (ms)', target: 1.0 },
  { key: 'acceptToRequest', label: 'Accept click → first tagged script requested (ms)' },
  { key: 'acceptToPaint', label: 'Accept click → next frame rendered (ms)' },
];

const peersHere = widgets.filter((w) => PEERS.includes(w.id));
const oursHere = widgets.find((w) => w.id === 'ours');
const baselineHere = widgets.find((w) => w.id === 'baseline');
const cell = (s, m) => {
  if (!s) return '—';
  const f = (x) => (m.count ? (Number.isInteger(x) ? String(x) : x.toFixed(1)) : fmt(x * (m.scale ?? 1), m.digits));
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
};

const verdicts = [];
let markdown = '';
for (const profile of profiles) {
  const stat = (w, key) => summary((results.get(`${profile.id}:${w.id}`) ?? []).map((v) => v[key]));
  const base = (m) => (m.net && baselineHere ? stat(baselineHere, m.key)?.median ?? 0 : 0);
  const rows = [];
  const header = ['Metric', ...widgets.map((w) => w.name), ...(oursHere && peersHere.length ? ['ours ÷ best peer'] : [])];
  for (const m of metrics) {
    const row = [m.label, ...widgets.map((w) => cell(stat(w, m.key), m))];
    if (oursHere && peersHere.length) {
      const ours = stat(oursHere, m.key);
      const peerMedians = peersHere.map((p) => stat(p, m.key)?.median).filter((x) => x !== undefined);
      const best = Math.min(...peerMedians);
      const b = base(m);
      const ratio = ours && best - b > 0 ? (ours.median - b) / (best - b) : null;
      row.push(ratio === null ? (ours && ours.median === 0 && best === 0 ? '= (both 0)' : '—') : `${ratio.toFixed(2)}×${m.net && baselineHere ? ' (net)' : ''}`);
      if (m.target !== undefined) {
        if (m.same === 'bytes' && profile.id !== profiles[0].id) {
          /* bytes do not depend on the profile: judged once */
        } else {
          // Rounds are interleaved, so the i-th load of ours and of that peer ran side by side: the spread
          // of their per-round ratios says how far this run's verdict could be from another run's.
          const peer = peersHere.find((p) => stat(p, m.key)?.median === best);
          const mine = results.get(`${profile.id}:${oursHere.id}`) ?? [];
          const theirs = results.get(`${profile.id}:${peer.id}`) ?? [];
          const interval = m.same === 'bytes' ? null : medianInterval(mine.map((v, i) => (v[m.key] - b) / (theirs[i]?.[m.key] - b)));
          verdicts.push({ profile: profile.id, label: m.label, target: `≤ ${m.target.toFixed(1)}×`, value: ratio, interval, limit: m.target, met: ratio !== null && ratio <= m.target });
        }
      }
      if (m.zero) {
        const worst = ours?.max ?? null;
        verdicts.push({ profile: profile.id, label: m.label, target: '= 0 in every load', value: worst, met: worst === 0, absolute: true });
      }
    }
    rows.push(row);
  }
  // Whether the banner became the page's largest contentful paint.
  const lcpRow = ['Banner is the LCP element (loads)'];
  for (const w of widgets) {
    const vs = results.get(`${profile.id}:${w.id}`) ?? [];
    const yes = vs.filter((v) => v.lcpInBanner === true).length;
    const unknown = vs.filter((v) => v.lcpInBanner === null).length;
    const tags = [...new Set(vs.map((v) => v.lcpTag ?? '?'))].join('/');
    lcpRow.push(w.banner ? `${yes}/${vs.length}${unknown ? ` (${unknown} unknown)` : ''} [${tags}]` : `— [${tags}]`);
  }
  if (oursHere && peersHere.length) lcpRow.push('');
  rows.push(lcpRow);

  markdown += `\n### ${profile.name}\n\nMedian (min–max) of ${ROUNDS} loads per page.\n\n`;
  markdown += table(header, rows);
}

const fileRows = [];
for (const w of widgets) {
  const files = new Set((results.get(`${profiles[0].id}:${w.id}`) ?? []).flatMap((v) => v.files));
  for (const f of files) {
    const s = fileSizes.get(f);
    fileRows.push([w.name, f, (s.raw / 1024).toFixed(1), (s.gzip / 1024).toFixed(1), (s.brotli / 1024).toFixed(1)]);
  }
}

const verdictRows = verdicts.map((v) => {
  const spans = v.interval && v.interval[0] <= v.limit && v.interval[1] > v.limit;
  return [
    v.profile,
    v.label,
    v.target,
    v.value === null ? '—' : v.absolute ? fmt(v.value, 4) : `${v.value.toFixed(2)}×`,
    v.interval ? `${v.interval[0].toFixed(2)}–${v.interval[1].toFixed(2)}×` : '',
    (v.met ? 'met' : '**MISSED**') + (spans ? ' (the interval spans the target)' : ''),
  ];
});

const cpu = os.cpus();
const when = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`;
const versions = widgets.filter((w) => w.version).map((w) => `${w.name} ${w.version}`).join(', ');

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |\n`;
  return line(header) + line(header.map(() => '---')) + rows.map(line).join('') + '\n';
}

const probeAll = summary([...results.values()].flat().map((v) => v.probeMs));
const probeNote = probeAll ? `${fmt(probeAll.median)} ms per load, at most ${fmt(probeAll.max)} ms` : 'nothing measurable';

let text = `# Measured against the peers\n\n`;
text += `Written by \`npm run bench\` (bench/run.mjs) on ${when}.\n\n`;
text += `- Machine: ${machine}; load average ${loadBefore.toFixed(2)} (1 min) as the run began\n- Browser: Chromium ${browserVersion} (headless, driven by playwright-core)\n- Widgets: ${versions}\n`;
text += `- Method: the same article page (no images, inline CSS, system fonts) served from 127.0.0.1 with identical headers and no compression on the wire; three categories (necessary, analytics, marketing) and one tagged script per optional category, installed as each widget documents; a fresh browser context per load, one warm-up load per page and profile, then ${ROUNDS} rounds with the page order rotated each round. Every load must show a visible, clickable Accept button, must not run the tagged scripts before the click, and must run both after it, or the run aborts.\n`;
text += `- How each figure is taken: bytes are the files the page requested for the widget over the whole visit (lazy loads included), sized as a server would send them precompressed; the banner time is performance.now() just after the first rendered frame (checked once per frame, so ~16 ms resolution) in which the Accept button passes checkVisibility() and a hit test at its centre (through open shadow roots); scripting time is CDP Performance.getMetrics ScriptDuration in main-thread CPU time (timeDomain threadTicks, so other processes cannot inflate it; the bench's forced GC taken out; the in-page probe itself costs ${probeNote}); long tasks, layout shifts (without recent input, up to the Accept click) and LCP come from buffered PerformanceObservers; the heap is CDP JSHeapUsedSize after a forced GC; Accept is clicked like a person clicks (mouse button held ${PRESS_MS} ms); Accept → scripts is the later of the two \`window.__ran_*\` timestamps minus the click's own time stamp (event.timeStamp: when the browser received the mouse-up, so any delay before the page handles the click counts too); Accept → requested is the earlier of the two scripts' resource-timing startTime minus the same time stamp: the widget's own part of it, before the network and the frame that shows the banner gone (Chromium renders that frame before it hands the page the scripts' responses); Accept → next frame is timed like the banner (a task queued from the first animation frame after the click), i.e. what INP measures for the click, up to the main thread's part of the paint. An LCP element inside a shadow tree is withheld by Chromium; as the article has no shadow trees, that is counted as the banner on our widget's page.\n`;
text += `- Like Lighthouse, Playwright drives Chromium with the DevTools Runtime domain enabled. Chromium then records a full JavaScript stack on each \`document.cookie\` access, and V8 re-parses every function on that stack to locate it (trace event V8.CollectSourcePositions, shown by \`--profile\`). A widget that reads the cookie while a large function is on the stack (e.g. a bundle's top-level wrapper) pays for that here and in Lighthouse, but not for visitors without DevTools open.\n`;
text += `- CDP CPU throttling (the phone profile) slows the page's main thread only: work V8 does on background threads (streaming and compiling a script while it downloads) runs at full speed there, and main-thread scripting does not include it, for any widget.\n`;
text += `- Chromium runs with --disable-blink-features=AutomationControlled so that navigator.webdriver is false, as for a visitor; otherwise vanilla-cookieconsent's default hideFromBots would hide its banner.\n`;
text += `- Ratios compare our median with the better peer median. Scripting time and heap are compared net of the baseline page (the same page with no widget), so the page's own cost does not dilute the difference.\n`;
if (verdicts.length) {
  text += `\n## Targets (ours ÷ best peer, this run)\n\nThe verdict reads the ratio of medians. Beside it, the 95 % confidence interval of the median of the per-round ratios (each round loads every page once, side by side): where it spans the target, another run may well give the other verdict.\n\n` + table(['profile', 'metric', 'target', 'this run', '95 % interval', 'verdict'], verdictRows);
  const missed = verdicts.filter((v) => !v.met);
  text += missed.length
    ? `**${missed.length} target(s) missed:** ${missed.map((v) => `${v.label} (${v.profile})`).join('; ')}.\n`
    : `All targets met.\n`;
}
text += `\n## Results\n${markdown}`;
text += `## Files each page loads for its widget\n\nConfiguration files count: they are what the site must ship for that widget. Sizes: raw, gzip -9, brotli 11 (KB).\n\n`;
text += table(['widget', 'file', 'raw', 'gzip', 'brotli'], fileRows);

process.stdout.write(`\n${text}`);
if (!args['no-write']) {
  writeFileSync(here('RESULTS.md'), text);
  process.stderr.write(`\nwrote bench/RESULTS.md in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

// The MutationObserver-cost benchmark lives beside this one; run it too so `npm run bench` is everything.
const observe = here('observe.mjs');
if (!args['no-observe'] && existsSync(observe)) {
  process.stderr.write('\nrunning bench/observe.mjs\n');
  const r = spawnSync(process.execPath, [observe], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
