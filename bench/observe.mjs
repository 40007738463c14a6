// What watching for late tagged elements costs a page: the widget keeps a MutationObserver on the
// whole document, so every node a framework adds passes through it. One page, one tab: the page adds
// 5,000 untagged nodes, alternately with the widget connected and with it taken out of the page (which
// disconnects its observer), many rounds; the time includes the observer's callback (the microtask
// right after the additions) and, in the second table, the style and layout the page pays anyway.
// A decision is stored, so no banner takes part in the layout. Prints the medians.
//
//   npm run build && node bench/observe.mjs [--rounds 40]
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/browsers.mjs';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '40' } } });
const ROUNDS = Number(args.rounds);
const NODES = 5000;
const iife = new URL('../dist/cookie-consent.iife.js', import.meta.url);
if (!existsSync(iife)) {
  console.error('dist/cookie-consent.iife.js is missing: run `npm run build` first');
  process.exit(1);
}

// Three ways pages add nodes: one by one (a list rendered item by item), one fragment of many
// top-level nodes (a framework committing a list), and one deep subtree (a view swapped in).
const harness = `<script>
const NODES = ${NODES};
const row = (i) => { const div = document.createElement('div'); div.className = 'row'; const span = document.createElement('span'); span.textContent = 'item ' + i; div.append(span); return div; };
const shapes = {
  'one by one': (box) => { for (let i = 0; i < NODES / 2; i++) box.append(row(i)); },
  'one fragment': (box) => { const f = document.createDocumentFragment(); for (let i = 0; i < NODES / 2; i++) f.append(row(i)); box.append(f); },
  'one subtree': (box) => { const root = document.createElement('section'); for (let i = 0; i < NODES / 2; i++) root.append(row(i)); box.append(root); },
};
// One sample = the mean of 10 additions, to smooth the scheduler's noise on a shared machine.
window.__bench = async (shape, layout) => {
  const box = document.getElementById('box');
  let total = 0;
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    shapes[shape](box);
    await null; // the observer's callback runs in the microtask queued by the first addition
    if (layout) box.offsetHeight; // what the page pays before the visitor sees the nodes: style and layout
    total += performance.now() - start;
    box.replaceChildren();
    await null;
  }
  return total / 10;
};
// Takes the widget out of the page (its observer stops) or puts it back.
const widget = document.querySelector('cookie-consent');
// The element stops in a microtask after it leaves (a move re-inserts it in the same task): wait for it.
window.__widget = async (on) => {
  if (on) document.body.append(widget);
  else widget.remove();
  await new Promise((resolve) => setTimeout(resolve));
  document.body.offsetHeight; // the style and layout work of the move itself is not part of a sample
};
// Whether the observer is on: a tagged iframe added now gets its placeholder at once.
window.__observing = async () => {
  const frame = document.createElement('iframe');
  frame.setAttribute('data-category', 'marketing');
  frame.setAttribute('data-src', '/nowhere');
  document.body.append(frame);
  await null;
  const seen = frame.previousElementSibling?.localName === 'cookie-consent-placeholder';
  frame.previousElementSibling?.localName === 'cookie-consent-placeholder' && frame.previousElementSibling.remove();
  frame.remove();
  return seen;
};
</script>`;
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>observe</title></head>
<body><main><h1>List</h1><div id="box"></div></main>
<script type="text/plain" data-category="analytics">window.__released = true</script>
<cookie-consent categories="analytics marketing"></cookie-consent>
<script src="/cookie-consent.iife.js"></script>
${harness}
</body></html>`;

// Cross-origin isolated (COOP + COEP), so performance.now() counts in 5 µs steps instead of 100 µs.
const files = { '/': ['text/html', page], '/cookie-consent.iife.js': ['text/javascript', readFileSync(iife)] };
const server = createServer((req, res) => {
  const file = files[new URL(req.url, 'http://x').pathname];
  if (!file) return void res.writeHead(404).end();
  res.writeHead(200, {
    'content-type': file[0],
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  }).end(file[1]);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const site = { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const context = await browser.newContext();
  // Everything refused: no banner, the tagged script stays blocked, the observer keeps watching.
  const refused = `v=1&r=0&t=${Date.now()}&id=bench&s=banner&g=&d=analytics+marketing`;
  await context.addCookies([{ name: 'cookie_consent', value: refused, url: site.origin }]);
  // Times the widget's observer callback itself; the rest of the extra is the browser's record keeping.
  await context.addInitScript(() => {
    const Native = window.MutationObserver;
    window.__callbackMs = 0;
    window.MutationObserver = class extends Native {
      constructor(callback) {
        super((records, observer) => {
          const start = performance.now();
          try {
            callback(records, observer);
          } finally {
            window.__callbackMs += performance.now() - start;
          }
        });
      }
    };
  });
  const tab = await context.newPage();
  await tab.goto(site.origin);
  if (!(await tab.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated');
  await tab.waitForFunction(() => document.querySelector('cookie-consent')?.shadowRoot);
  if (!(await tab.evaluate(() => window.__observing()))) throw new Error('the widget does not observe the page');
  await tab.evaluate(() => window.__widget(false));
  if (await tab.evaluate(() => window.__observing())) throw new Error('the widget keeps observing after it left the page');
  await tab.evaluate(() => window.__widget(true));

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  };
  const pct = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
  console.log(`What observing costs: ${NODES.toLocaleString('en')} untagged nodes added (${NODES / 2} rows of div>span); ` +
    `median of ${ROUNDS} samples, each the mean of 10 additions; ms; Chromium, ${process.platform}, load ${os.loadavg()[0].toFixed(1)}`);
  // On a busy machine the scheduler only ever adds time: the best sample of each is the steadier figure.
  console.log('| shape | measured | no observer | empty observer | widget | extra: any observer | extra: widget | extra: widget, best of | widget callback |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const extras = {};
  for (const layout of [false, true]) {
    for (const shape of ['one by one', 'one fragment', 'one subtree']) {
      const times = { without: [], empty: [], with: [], callback: [] };
      for (let round = 0; round < ROUNDS + 5; round++) {
        // Rotate which runs first, so none always gets the warmer caches.
        const variants = ['without', 'empty', 'with'];
        for (let i = 0; i < 3; i++) {
          const variant = variants[(round + i) % 3];
          const [time, callback] = await tab.evaluate(async ([variant, s, l]) => {
            await window.__widget(variant === 'with');
            const empty = variant === 'empty' ? new MutationObserver(() => {}) : null;
            empty?.observe(document, { childList: true, subtree: true });
            window.__callbackMs = 0;
            const time = await window.__bench(s, l);
            const callback = window.__callbackMs / 10;
            empty?.disconnect();
            await window.__widget(true);
            return [time, callback];
          }, [variant, shape, layout]);
          if (round < 5) continue; // the first rounds warm up the JIT
          times[variant].push(time);
          if (variant === 'with') times.callback.push(callback);
        }
      }
      const [without, empty, withWidget] = [median(times.without), median(times.empty), median(times.with)];
      const extra = (withWidget / without - 1) * 100;
      const measured = layout ? 'DOM + observer + layout' : 'DOM + observer';
      (extras[measured] ??= []).push(extra);
      const callback = median(times.callback);
      const best = (Math.min(...times.with) / Math.min(...times.without) - 1) * 100;
      console.log(`| ${shape} | ${measured} | ${without.toFixed(2)} | ${empty.toFixed(2)} | ${withWidget.toFixed(2)} | ` +
        `${pct((empty / without - 1) * 100)} | ${pct(extra)} | ${pct(best)} | ${callback.toFixed(3)} ms (${((callback / without) * 100).toFixed(1)} %) |`);
    }
  }
  if (await tab.evaluate(() => window.__released === true)) throw new Error('a tagged script ran without consent during the benchmark');
  for (const [measured, values] of Object.entries(extras)) {
    console.log(`worst extra with the widget, ${measured}: ${pct(Math.max(...values))} (target < 5 %)`);
  }
} finally {
  await browser.close();
  await site.close();
}
