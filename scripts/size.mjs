// What a visitor downloads: raw, gzip (level 9) and brotli (quality 11) bytes of the built files, and the
// classic script against the 12 KB gzip budget. A benchmark, not a test: it always exits 0.
// Run `npm run build` first. It also builds, in memory, the smallest element the stack allows (one Lit
// element that reads a cookie with js-cookie and renders a line) with the same bundler settings: the
// floor under any widget built on Lit and js-cookie, so the budget can be read against it.
import { readFileSync, readdirSync } from 'node:fs';
import { rollup } from 'rollup';
import config from '../rollup.config.mjs';
import { sizes } from '../bench/lib/stats.mjs';

const dist = new URL('../dist/', import.meta.url);
const budget = 12 * 1024;

const measure = (file) => {
  try {
    return sizes(readFileSync(new URL(file, dist)));
  } catch {
    return null;
  }
};

const rows = [
  ['cookie-consent.iife.js', 'classic script, one tag'],
  ['cookie-consent.js', 'ES module'],
  ['server.js', 'server helper'],
  ['lang/de.json', 'one language, fetched on demand'],
].map(([file, what]) => ({ file, what, size: measure(file) }));

let languages = [];
try {
  languages = readdirSync(new URL('lang/', dist)).filter((name) => name.endsWith('.json'));
} catch {}
const perLanguage = languages.map((name) => measure(`lang/${name}`)).filter(Boolean);

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const pad = (text, width, left) => (left ? String(text).padEnd(width) : String(text).padStart(width));
const line = (cells) => `${pad(cells[0], 24, true)} ${pad(cells[1], 9)} ${pad(cells[2], 9)} ${pad(cells[3], 9)}   ${cells[4]}`;

console.log(line(['file (dist/)', 'raw', 'gzip -9', 'brotli 11', '']));
console.log('-'.repeat(90));
for (const { file, what, size } of rows) {
  console.log(size ? line([file, size.raw, size.gzip, size.brotli, what]) : line([file, '-', '-', '-', 'missing: run `npm run build`']));
}
if (perLanguage.length) {
  const range = (key) => `${Math.min(...perLanguage.map((s) => s[key]))}–${Math.max(...perLanguage.map((s) => s[key]))}`;
  console.log(line([`lang/*.json (${perLanguage.length})`, range('raw'), range('gzip'), range('brotli'), 'each language, smallest–largest']));
}

const floorEntry = `
import { LitElement, html, css } from 'lit';
import Cookies from 'js-cookie';
class Floor extends LitElement {
  static styles = css\`:host { display: block }\`;
  static properties = { value: {} };
  connectedCallback() { super.connectedCallback(); this.value = Cookies.get('x'); }
  render() { return html\`<p>\${this.value}</p>\`; }
}
customElements.define('floor-element', Floor);
`;
const floor = async () => {
  const classic = config.find((entry) => entry.output.format === 'iife');
  const bundle = await rollup({
    input: 'floor-entry',
    plugins: [
      { name: 'floor-entry', resolveId: (id) => (id === 'floor-entry' ? id : null), load: (id) => (id === 'floor-entry' ? floorEntry : null) },
      ...classic.plugins.filter((plugin) => ['node-resolve', 'terser'].includes(plugin.name)),
    ],
  });
  const { output } = await bundle.generate({ format: 'iife' });
  await bundle.close();
  return sizes(Buffer.from(output[0].code));
};
const lit = await floor();
console.log(line(['(Lit + js-cookie floor)', lit.raw, lit.gzip, lit.brotli, 'the smallest Lit element that reads a cookie, same bundler settings']));

const iife = rows[0].size;
console.log();
if (iife) {
  console.log(`IIFE gzip: ${iife.gzip} bytes (${kb(iife.gzip)}) against a target of ${budget} bytes (12 KB).`);
  console.log(
    iife.gzip <= budget
      ? `target met: ${budget - iife.gzip} bytes to spare`
      : `target missed: ${iife.gzip - budget} bytes over`,
  );
  console.log(`Of the budget, Lit and js-cookie alone take ${lit.gzip} bytes (${Math.round((lit.gzip / budget) * 100)} %); the element's own code and CSS add ${iife.gzip - lit.gzip}.`);
} else {
  console.log('IIFE missing: run `npm run build` first.');
}
