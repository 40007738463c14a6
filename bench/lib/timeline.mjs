// `node bench/run.mjs --timeline`: what happens when, on one visit per widget and device. A trace of the
// page's main thread (and the background parsing of the widget's files), from navigation to the banner's
// first visible frame (first visit) or to the tagged scripts having run (returning visitor): requests,
// script and module evaluation, microtasks, style, layout, paint and frames. The CPU profile says where
// the time goes; this says in what order, e.g. that a module the core import()s is evaluated only after the
// page's first frame, even when it was preloaded (docs/performance.md, "The split floor"). With `--accept`,
// the same from the Accept click to the tagged scripts having run.

/** Trace events shown, with the least wall-clock duration (ms) at which each is worth a line. */
const SHOWN = new Map([
  ['ResourceSendRequest', 0],
  ['ResourceFinish', 0],
  ['ParseHTML', 1],
  ['EventDispatch', 0.5],
  ['EvaluateScript', 0],
  ['v8.parseOnBackground', 0],
  ['v8.compileModule', 0],
  ['v8.evaluateModule', 0],
  ['FunctionCall', 1],
  ['RunMicrotasks', 1],
  ['TimerFire', 1],
  ['FireAnimationFrame', 0.5],
  ['UpdateLayoutTree', 1],
  ['Layout', 1],
  ['Paint', 1],
  ['firstContentfulPaint', 0],
]);

/**
 * Traces one visit (after one untraced, to warm the browser's caches as the bench's rounds are) per widget
 * and device, and prints its timeline.
 * @param {{ visit: Function, widgets: { id: string, name: string }[], profiles: { id: string, name: string }[], origin: string, fromClick?: boolean }} options
 */
export async function timelines({ visit, widgets, profiles, origin, fromClick = false }) {
  for (const device of profiles) {
    for (const widget of widgets) {
      await visit(widget, device, {});
      const events = [];
      let done;
      const start = async (cdp) => {
        cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
        done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
        await cdp.send('Tracing.start', {
          transferMode: 'ReportEvents',
          traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'loading', 'blink.user_timing'] },
        });
      };
      const result = await visit(widget, device, {
        [fromClick ? 'beforeClick' : 'beforeNavigation']: start,
        afterVisit: async (cdp) => {
          await cdp.send('Tracing.end');
          await done;
        },
      });
      const [end, what] = fromClick ? [result.acceptToRun, 'tagged scripts ran'] : result.banner !== undefined ? [result.banner, 'banner visible'] : [result.ran, 'tagged scripts ran'];
      const since = fromClick ? 'the Accept click' : 'navigation';
      console.log(`\n## ${widget.name} — ${device.name}: ${what} ${end.toFixed(1)} ms after ${since}\n`);
      console.log(`| ms after ${since} | lasts (ms) | thread | event | what |\n| ---: | ---: | --- | --- | --- |`);
      for (const line of lines(events, origin, end, what, fromClick)) console.log(line);
    }
  }
}

/**
 * The timeline's rows: times from the page's navigation start (or, `fromClick`, from the dispatch of the
 * Accept click), up to `end` (+ about a frame), when `what` happened.
 */
function lines(events, origin, end, what, fromClick) {
  const click = (e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click';
  const start = fromClick ? events.find(click) : events.find((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL).startsWith(origin));
  // The page's main thread: the one that evaluated the bench server's script, or dispatched the click.
  const main = fromClick ? start : events.find((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url).startsWith(origin));
  if (!start || !main) return [`(no ${fromClick ? 'click' : 'navigation or script from the bench server'} in the trace)`];
  const urls = new Map();
  const rows = [];
  for (const e of events) {
    const data = e.args?.data ?? {};
    if (e.name === 'ResourceSendRequest') urls.set(data.requestId, data.url);
    const min = SHOWN.get(e.name);
    const at = (e.ts - start.ts) / 1000;
    const lasts = (e.dur ?? 0) / 1000;
    if (min === undefined || e.pid !== main.pid || at < 0 || at > end + 20 || lasts < min) continue;
    const url = String(data.url ?? urls.get(data.requestId) ?? data.fileName ?? e.args?.fileName ?? (e.name === 'EventDispatch' ? data.type : ''));
    // How much a style recalculation or a layout had to do: the whole page, or the widget's few boxes.
    const begin = e.args?.beginData ?? {};
    const size = e.name === 'UpdateLayoutTree' ? `${data.elementCount ?? e.args?.elementCount ?? '?'} elements` : e.name === 'Layout' ? `${begin.dirtyObjects ?? '?'} of ${begin.totalObjects ?? '?'} objects` : '';
    if (url && !url.startsWith(origin)) continue;
    const thread = e.tid === main.tid ? 'main' : 'background';
    // Of the input events, the click itself and what it leads to (mouse moves and presses before it are the bench's).
    if (e.name === 'EventDispatch' && (thread !== 'main' || !click(e))) continue;
    if (thread === 'background' && e.name !== 'v8.parseOnBackground') continue;
    rows.push([at, `| ${at.toFixed(1)} | ${lasts ? lasts.toFixed(1) : ''} | ${thread} | ${e.name} | ${size || url.slice(origin.length)} |`]);
  }
  rows.push([end, `| ${end.toFixed(1)} | | main | **${what}** | the bench's own measure |`]);
  return rows.sort((a, b) => a[0] - b[0]).map(([, line]) => line);
}
