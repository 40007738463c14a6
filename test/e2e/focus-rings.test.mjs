// The floating settings and withdraw buttons sit on the page, not on the banner: their focus rings must show
// on whatever the page is (WCAG 2.4.7, 1.4.11), also where the theme's ring colour is the page's own (the dark
// theme's near-white ring on a white page, the light theme's near-black one on a black page). Measured in the
// pixels of real screenshots: the ring against what is just outside it. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeChromium, openChromium } from './chromium.mjs';
import { contrast } from '../contrast.mjs';
import { sendDist } from './dist.mjs';
import { sites } from './sites.mjs';

const servers = sites((site, req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/') return sendDist(res, url.pathname);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en">
<head><meta charset="utf-8"><title>Page</title><style>html { background: ${url.searchParams.get('page')} }</style></head>
<body><cookie-consent categories="analytics" settings-button theme="${url.searchParams.get('theme')}"></cookie-consent>
<script src="/cookie-consent.iife.js"></script></body></html>`);
});

let browser;
before(async () => {
  browser = await openChromium();
});
after(async () => {
  await closeChromium();
  await servers.close();
});

describe('the floating buttons\' focus rings', () => {
  for (const [theme, pageColour] of [['dark', 'white'], ['light', 'black'], ['light', 'white'], ['dark', 'black']]) {
    it(`show against a ${pageColour} page in the ${theme} theme: at least 3:1 against what is just outside them`, async () => {
      const site = await servers.open();
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      await context.addCookies([{ name: 'cookie_consent', value: `v=1&r=0&t=${Date.now()}&id=x&s=banner&g=analytics&d=`, url: site.origin }]);
      const page = await context.newPage();
      await page.goto(`${site.origin}/?theme=${theme}&page=${pageColour}`);
      const found = [];
      for (const part of ['settings-button', 'withdraw-button']) {
        const button = page.locator(`cookie-consent [part~="${part}"]`);
        await button.waitFor();
        // From the keyboard: Tab until the button has focus.
        for (let i = 0; i < 4 && !(await button.evaluate((el) => el.matches(':focus-visible'))); i++) await page.keyboard.press('Tab');
        assert.ok(await button.evaluate((el) => el.matches(':focus-visible')), `${part} reached with Tab`);
        const box = await button.boundingBox();
        const style = await button.evaluate((el) => { const s = getComputedStyle(el); return { offset: parseFloat(s.outlineOffset), width: parseFloat(s.outlineWidth) }; });
        // A row of pixels through the middle of the button, beyond each side: the ring's middle, and just past its outer edge.
        const y = Math.round(box.y + box.height / 2);
        const reach = style.offset + style.width;
        const shot = await page.screenshot({ clip: { x: 0, y, width: 800, height: 1 } });
        const row = await page.evaluate(async (png) => {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const canvas = new OffscreenCanvas(image.width, 1);
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          return Array.from(context.getImageData(0, 0, image.width, 1).data);
        }, shot.toString('base64'));
        const pixel = (x) => row.slice(Math.round(x) * 4, Math.round(x) * 4 + 3);
        for (const [side, edge, out] of [['left', box.x, -1], ['right', box.x + box.width, 1]]) {
          const ring = pixel(edge + out * (style.offset + style.width / 2));
          const outside = pixel(edge + out * (reach + 1.5));
          const ratio = contrast(ring, outside);
          if (ratio < 3) found.push(`${part}, ${side}: ring rgb(${ring}) against rgb(${outside}) outside it, ${ratio.toFixed(2)}:1`);
        }
        await page.keyboard.press('Tab');
      }
      assert.deepEqual(found, []);
      await context.close();
    });
  }
});
