// `node bench/run.mjs --profile`: where does a widget's main-thread time go? Records a V8 CPU profile
// of whole visits (load → banner → Accept → scripts ran) and sums self time per function, mapped back to
// the original source through the bundle's source map where there is one.
import { readFileSync, existsSync } from 'node:fs';
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

async function sourceMapper(files) {
  let TraceMap;
  let originalPositionFor;
  try {
    ({ TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping'));
  } catch {
    return () => null; // no source-map reader available: minified positions only
  }
  const maps = new Map();
  return (urlPath, line, column) => {
    const file = files[urlPath];
    if (!file || !existsSync(`${file}.map`)) return null;
    if (!maps.has(file)) maps.set(file, new TraceMap(readFileSync(`${file}.map`, 'utf8')));
    const pos = originalPositionFor(maps.get(file), { line: line + 1, column });
    return pos.source ? `${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}${pos.name ? ` (${pos.name})` : ''}` : null;
  };
}

/**
 * Profile `loads` visits of each widget at each profile and print the functions with the most self time.
 * `visit(widget, profile, hooks)` is run.mjs's visit; hooks start and stop the profiler around it.
 */
export async function profileWidgets({ visit, widgets, profiles, loads = 5, origin }) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  for (const profile of profiles) {
    for (const widget of widgets) {
      const map = await sourceMapper(widget.files);
      const totals = new Map();
      const byFile = new Map();
      const phases = { TaskDuration: 0, ScriptDuration: 0, RecalcStyleDuration: 0, LayoutDuration: 0 };
      for (let i = 0; i < loads; i++) {
        let cpuProfile;
        const v = await visit(widget, profile, {
          beforeNavigation: async (cdp) => {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
            await cdp.send('Profiler.start');
          },
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
      console.log(`\n## ${widget.name} — ${profile.name} — ${loads} visits, per-visit averages`);
      console.log(
        `task ${(phases.TaskDuration / loads).toFixed(1)} ms · script ${(phases.ScriptDuration / loads).toFixed(1)} ms · ` +
          `style ${(phases.RecalcStyleDuration / loads).toFixed(1)} ms · layout ${(phases.LayoutDuration / loads).toFixed(1)} ms`,
      );
      console.log('self time by script:');
      for (const [path, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
        console.log(`  ${(ms / loads).toFixed(2).padStart(8)} ms  ${path}`);
      }
      console.log('top functions by self time:');
      for (const t of top) {
        const original = map(t.path, t.line, t.column);
        console.log(
          `  ${(t.ms / loads).toFixed(2).padStart(8)} ms  ${t.fn}  ${t.path}:${t.line + 1}:${t.column}${original ? `  ← ${original.replace(root, '')}` : ''}`,
        );
      }
    }
  }
}
