// What watching for late tagged elements costs a page: the widget keeps a MutationObserver on the
// whole document, so every node a framework adds passes through it. One page, one tab: the page adds
// 5,000 untagged nodes, alternately with the widget connected and with it taken out of the page (which
// disconnects its observer), many rounds; the time includes the observer's callback (the microtask
// right after the additions) and, in the second table, the style and layout the page pays anyway.
// A decision is stored, so no banner takes part in the layout. Prints the medians.
//
//   npm run build && node bench/observe.mjs [--rounds 60]
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/browsers.mjs';
import { serve } from './lib/server.mjs';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '60' } } });
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
// One sample = the mean of 10 additions: performance.now() is coarsened to 0.1 ms here, so a single
// addition of a few milliseconds would be measured in steps of 3 %.
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

const site = await serve({ '/': { body: page }, '/cookie-consent.iife.js': { file: iife } });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const context = await browser.newContext();
  // Everything refused: no banner, the tagged script stays blocked, the observer keeps watching.
  const refused = `v=1&r=0&t=${Date.now()}&id=bench&s=banner&g=&d=analytics+marketing`;
  await context.addCookies([{ name: 'cookie_consent', value: refused, url: site.origin }]);
  const tab = await context.newPage();
  await tab.goto(site.origin);
  await tab.waitForFunction(() => document.querySelector('cookie-consent')?.shadowRoot);
  if (!(await tab.evaluate(() => window.__observing()))) throw new Error('the widget does not observe the page');
  await tab.evaluate(() => window.__widget(false));
  if (await tab.evaluate(() => window.__observing())) throw new Error('the widget keeps observing after it left the page');
  await tab.evaluate(() => window.__widget(true));

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  };
  console.log(`MutationObserver cost: ${NODES.toLocaleString('en')} untagged nodes added (${NODES / 2} rows of div>span), ` +
    `median of ${ROUNDS} samples (each the mean of 10 additions), ms, Chromium, ${process.platform}`);
  console.log('| shape | measured | without widget | with widget | extra |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  const extras = {};
  for (const layout of [false, true]) {
    for (const shape of ['one by one', 'one fragment', 'one subtree']) {
      const times = { with: [], without: [] };
      for (let round = 0; round < ROUNDS + 5; round++) {
        // Alternate which runs first, so neither always gets the warmer caches.
        for (const variant of round % 2 ? ['with', 'without'] : ['without', 'with']) {
          const time = await tab.evaluate(async ([on, s, l]) => {
            await window.__widget(on);
            const time = await window.__bench(s, l);
            await window.__widget(true);
            return time;
          }, [variant === 'with', shape, layout]);
          if (round >= 5) times[variant].push(time); // the first rounds warm up the JIT
        }
      }
      const without = median(times.without);
      const withWidget = median(times.with);
      const extra = (withWidget / without - 1) * 100;
      const measured = layout ? 'DOM + observer + layout' : 'DOM + observer';
      (extras[measured] ??= []).push(extra);
      console.log(`| ${shape} | ${measured} | ${without.toFixed(2)} | ${withWidget.toFixed(2)} | ${extra >= 0 ? '+' : ''}${extra.toFixed(1)} % |`);
    }
  }
  if (await tab.evaluate(() => window.__released === true)) throw new Error('a tagged script ran without consent during the benchmark');
  for (const [measured, values] of Object.entries(extras)) {
    console.log(`worst extra, ${measured}: ${Math.max(...values).toFixed(1)} % (target < 5 %)`);
  }
} finally {
  await browser.close();
  await site.close();
}
