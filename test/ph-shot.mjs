import { chromium } from 'playwright-core';
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
const root = process.env.ROOT ?? '/work/main/dist/';
const sizes = JSON.parse(process.env.SIZES ?? '[[200,120],[300,150],[160,90],[320,180],[560,315]]');
const lang = process.env.L ?? 'de';
const page = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>x</title></head><body style="font: 16px sans-serif">
${sizes.map(([w,h])=>`<p>${w}×${h}</p><iframe title="Video ${w}" width="${w}" height="${h}" data-src="https://www.youtube-nocookie.com/embed/x" data-category="marketing"></iframe>`).join('\n')}
<script src="/cookie-consent.iife.js" data-categories="analytics marketing"></script></body></html>`;
const srv = http.createServer((q, r) => {
  if (q.url === '/') return r.end(page);
  const f = root + q.url.slice(1).split('?')[0];
  if (!existsSync(f)) { r.statusCode = 404; return r.end(); }
  r.setHeader('content-type', f.endsWith('.js') ? 'text/javascript' : 'application/json'); r.end(readFileSync(f));
}).listen(0);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 700, height: 1400 } });
await p.goto(`http://127.0.0.1:${srv.address().port}/`);
await p.waitForTimeout(1500);
await p.evaluate(() => document.querySelector('cookie-consent').hide());
await p.waitForTimeout(300);
const info = await p.evaluate(() => [...document.querySelectorAll('cookie-consent-placeholder')].map((ph) => {
  const r = ph.getBoundingClientRect(); const b = ph.shadowRoot.querySelector('button')?.getBoundingClientRect(); const t = ph.shadowRoot.querySelector('p')?.getBoundingClientRect();
  return { box: [r.width, r.height], scroll: [ph.scrollWidth, ph.scrollHeight], button: b && [Math.round(b.top - r.top), Math.round(b.bottom - r.top), Math.round(b.height)], text: t && [Math.round(t.top - r.top), Math.round(t.height)] };
}));
console.log(JSON.stringify(info));
await p.screenshot({ path: process.env.OUT ?? '/tmp/ph/shot.png', fullPage: true });
await b.close(); srv.close();
