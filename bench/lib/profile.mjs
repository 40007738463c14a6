// `node bench/run.mjs --cpu-profile`: where does a widget's main-thread time go? Records a V8 CPU profile
// of whole visits (load → banner → Accept → scripts ran) and sums self time per function, mapped back to
// the original source through the bundle's source map where there is one.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Self time (ms) per call frame of one CPU profile. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // The delta before sample i+1 is the time spent in sample i.
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const out = [];
  for (const [id, ms] of self) {
    const { callFrame: f } = byId.get(id);
    out.push({ fn: f.functionName || '(anonymous)', url: f.url, line: f.lineNumber, column: f.columnNumber, ms });
  }
  return out;
}

async function loadTraceMapping() {
  try {
    return await import('@jridgewell/trace-mapping');
  } catch {
    return null; // no source-map reader available: minified positions only
  }
}

const tidy = (source) => source.replace(/^(\.\.\/)+/, '');

/** Maps a position in one of `files` (URL path -> file) back to its original source. */
async function sourceMapper(files) {
  const tm = await loadTraceMapping();
  const maps = new Map();
  return (urlPath, line, column) => {
    const file = files[urlPath];
    if (!tm || !file || !existsSync(`${file}.map`)) return null;
    if (!maps.has(file)) maps.set(file, new tm.TraceMap(readFileSync(`${file}.map`, 'utf8')));
    const pos = tm.originalPositionFor(maps.get(file), { line: line + 1, column });
    return pos.source ? { source: tidy(pos.source), line: pos.line, name: pos.name } : null;
  };
}

/**
 * Which original sources the bytes of a minified bundle come from: every generated character is
 * charged to the source of the mapping segment it falls in. Gzip is estimated per source by
 * compressing that source's characters together (so shared context is not credited to anyone).
 */
export async function bundleBreakdown(file) {
  const tm = await loadTraceMapping();
  if (!tm || !existsSync(`${file}.map`)) return null;
  const code = readFileSync(file, 'utf8');
  const map = new tm.TraceMap(readFileSync(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const chunks = new Map();
  const add = (source, text) => chunks.set(source, (chunks.get(source) ?? '') + text);
  tm.decodedMappings(map).forEach((segments, i) => {
    const line = lines[i] ?? '';
    if (segments.length === 0) return add('(unmapped)', line + '\n');
    add('(unmapped)', line.slice(0, segments[0][0]));
    segments.forEach((seg, j) => {
      const end = j + 1 < segments.length ? segments[j + 1][0] : line.length;
      add(seg.length > 1 ? tidy(map.sources[seg[1]]) : '(unmapped)', line.slice(seg[0], end) + (j + 1 === segments.length ? '\n' : ''));
    });
  });
  return [...chunks]
    .map(([source, text]) => ({ source, raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length }))
    .sort((a, b) => b.raw - a.raw);
}

/** A short name for where a source lives: its package, or its folder under src/. */
const area = (source) => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1];
  const src = /src\/(.+)$/.exec(source);
  return src ? `src/${src[1]}` : source;
};

/**
 * Profile `loads` visits of each widget at each profile and print the functions with the most self time.
 * `visit(widget, profile, hooks)` is run.mjs's visit; hooks start and stop the profiler around it.
 */
export async function profileWidgets({ visit, widgets, profiles, loads = 5, origin, fromClick = false }) {
  // From the Accept click on: the profiler starts, and the trace is read from, just before the click.
  const start = async (cdp) => {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  };
  const root = fileURLToPath(new URL('../../', import.meta.url));
  for (const widget of widgets) {
    for (const [urlPath, file] of Object.entries(widget.files)) {
      const parts = await bundleBreakdown(file);
      if (!parts) continue;
      const byArea = new Map();
      for (const p of parts) {
        const a = byArea.get(area(p.source)) ?? { raw: 0, gzip: 0 };
        a.raw += p.raw;
        a.gzip += p.gzip;
        byArea.set(area(p.source), a);
      }
      console.log(`\n## ${widget.name} — where the bytes of ${urlPath} come from (raw KB, gzip KB if compressed alone)`);
      for (const [name, a] of [...byArea].sort((x, y) => y[1].raw - x[1].raw)) {
        console.log(`  ${(a.raw / 1024).toFixed(2).padStart(7)}  ${(a.gzip / 1024).toFixed(2).padStart(6)}  ${name}`);
      }
    }
  }
  for (const profile of profiles) {
    for (const widget of widgets) {
      const map = await sourceMapper(widget.files);
      const totals = new Map();
      const byFile = new Map();
      const phases = { TaskDuration: 0, ScriptDuration: 0, RecalcStyleDuration: 0, LayoutDuration: 0 };
      for (let i = 0; i < loads; i++) {
        let cpuProfile;
        const v = await visit(widget, profile, {
          [fromClick ? 'beforeClick' : 'beforeNavigation']: start,
          afterVisit: async (cdp, metrics) => {
            cpuProfile = (await cdp.send('Profiler.stop')).profile;
            for (const k of Object.keys(phases)) phases[k] += (metrics[k] ?? 0) * 1000;
          },
        });
        void v;
        for (const f of selfTimes(cpuProfile)) {
          // Frames without a URL are the bench's probe and Playwright's injected helpers, or V8 itself.
          const path = f.url.startsWith(origin)
            ? new URL(f.url).pathname
            : f.url || (f.fn.startsWith('(') ? '(v8)' : '(bench probe / playwright)');
          const key = `${f.fn}\t${path}:${f.line + 1}:${f.column}`;
          const t = totals.get(key) ?? { ...f, path, ms: 0 };
          t.ms += f.ms;
          totals.set(key, t);
          if (!['(idle)', '(program)'].includes(f.fn)) byFile.set(path, (byFile.get(path) ?? 0) + f.ms);
        }
      }
      const top = [...totals.values()].filter((t) => t.fn !== '(idle)').sort((a, b) => b.ms - a.ms).slice(0, 18);
      // Self time by original source (package or src/ file), through the source map where there is one.
      const bySource = new Map();
      for (const t of totals.values()) {
        if (!(t.path in widget.files)) continue;
        const original = map(t.path, t.line, t.column);
        const key = original ? area(original.source) : t.path;
        bySource.set(key, (bySource.get(key) ?? 0) + t.ms);
      }
      console.log(`\n## ${widget.name} — ${profile.name} — ${loads} visits, per-visit averages${fromClick ? ' (task, script, style, layout: whole visits; functions: from the Accept click on)' : ''}`);
      console.log(
        `task ${(phases.TaskDuration / loads).toFixed(1)} ms · script ${(phases.ScriptDuration / loads).toFixed(1)} ms · ` +
          `style ${(phases.RecalcStyleDuration / loads).toFixed(1)} ms · layout ${(phases.LayoutDuration / loads).toFixed(1)} ms`,
      );
      console.log('self time by script:');
      for (const [path, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
        console.log(`  ${(ms / loads).toFixed(2).padStart(8)} ms  ${path}`);
      }
      if (bySource.size > 1) {
        console.log('self time in the widget, by original source:');
        for (const [source, ms] of [...bySource].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
          console.log(`  ${(ms / loads).toFixed(2).padStart(8)} ms  ${source}`);
        }
      }
      console.log('top functions by self time:');
      for (const t of top) {
        const original = map(t.path, t.line, t.column);
        const where = original ? `  ← ${original.source.replace(root, '')}:${original.line}${original.name ? ` (${original.name})` : ''}` : '';
        console.log(`  ${(t.ms / loads).toFixed(2).padStart(8)} ms  ${t.fn}  ${t.path}:${t.line + 1}:${t.column}${where}`);
      }
    }
  }
  await tracePhases({ visit, widgets, profiles, loads, origin, fromClick });
}

/** Trace events worth reading when a widget's scripting is too slow, in main-thread CPU time. */
const PHASES = [
  ['EvaluateScript', 'evaluating a script (top level, incl. what it calls)'],
  ['RunMicrotasks', 'microtasks (e.g. a framework\'s first render)'],
  ['CustomElementReactionQueue::invokeReactions', 'custom element reactions (constructor, connectedCallback)'],
  ['FunctionCall', 'event handlers and timers'],
  ['V8.CompileCode', 'V8 compiling functions (lazily, on first call)'],
  ['V8.ParseFunction', 'V8 parsing functions for that'],
  ['V8.PreParse', 'V8 pre-parsing inner functions'],
  ['V8.CollectSourcePositions', 'V8 re-parsing functions to locate a captured stack (e.g. on document.cookie)'],
  ['CSSParserImpl::parseStyleSheet', 'parsing CSS'],
  ['UpdateLayoutTree', 'style recalculation'],
  ['Layout', 'layout'],
  ['EventDispatch', 'dispatching an event (the click, incl. its handlers)'],
  ['Paint', 'painting'],
];

/** The trace's mark for the Accept click (`--accept`). */
const MARK = 'bench:accept';

/**
 * Traces `loads` visits per widget and profile and prints the median main-thread CPU time (the trace
 * events' thread duration) of the phases above, with how many times each happened.
 */
async function tracePhases({ visit, widgets, profiles, loads, origin, fromClick }) {
  const median = (a) => {
    const v = [...a].sort((x, y) => x - y);
    return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  for (const profile of profiles) {
    console.log(`\n## Trace phases — ${profile.name} — median of ${loads} visits${fromClick ? ', from the Accept click on' : ''}, main-thread CPU ms (count)`);
    const rows = PHASES.map(([name, what]) => [name, what]);
    const columns = [];
    for (const widget of widgets) {
      const perVisit = [];
      for (let i = 0; i < loads; i++) {
        let events = [];
        let done;
        await visit(widget, profile, {
          beforeNavigation: async (cdp) => {
            cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
            done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
            await cdp.send('Tracing.start', {
              transferMode: 'ReportEvents',
              traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'blink'] },
            });
          },
          // A mark in the trace (a TimeStamp event) just before the click.
          beforeClick: (cdp) => cdp.send('Runtime.evaluate', { expression: `console.timeStamp(${JSON.stringify(MARK)})` }),
          afterVisit: async (cdp) => {
            await cdp.send('Tracing.end');
            await done;
          },
        });
        // The page's main thread: the one that evaluated a script from the bench's server.
        const anchor = events.find((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url).startsWith(origin));
        const from = fromClick ? events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === MARK)?.ts ?? Infinity : -Infinity;
        const sums = {};
        for (const e of events) {
          if (!anchor || e.pid !== anchor.pid || e.tid !== anchor.tid || e.ph !== 'X' || e.ts < from) continue;
          const s = (sums[e.name] ??= { ms: 0, n: 0 });
          s.ms += (e.tdur ?? 0) / 1000;
          s.n++;
        }
        perVisit.push(sums);
        events = [];
      }
      columns.push(widget.name);
      rows.forEach((row) => {
        const ms = median(perVisit.map((v) => v[row[0]]?.ms ?? 0));
        const n = median(perVisit.map((v) => v[row[0]]?.n ?? 0));
        row.push(`${ms.toFixed(2)} (${n})`);
      });
    }
    console.log(`| phase | ${columns.join(' | ')} | what it is |`);
    console.log(`| --- | ${columns.map(() => '---').join(' | ')} | --- |`);
    for (const [name, what, ...cells] of rows) console.log(`| ${name} | ${cells.join(' | ')} | ${what} |`);
  }
}
