// What a visitor downloads: raw, gzip (level 9) and brotli (quality 11) bytes of the built files, the core
// apart from the view, and the core's classic script against its budget. Exits 1 when the core is over
// budget (or not built): every page a returning visitor opens pays for the core, so it is a gate.
// Files not built yet (the view and the single-file build before the split) are skipped.
// Run `npm run build` first. It also builds, in memory, the smallest element the stack allows (one Lit
// element that reads a cookie with js-cookie and renders a line) with the same bundler settings: the
// floor under whatever carries Lit (the view, the single-file build, or today's one file).
import { readFileSync, readdirSync } from 'node:fs';
import { sizes } from '../bench/lib/stats.mjs';
import { buildClassic } from '../bench/lib/classic.mjs';

const dist = new URL('../dist/', import.meta.url);
const CORE = 'cookie-consent.iife.js';
// Issue 12: the core every page loads, gzip -9.
const budget = 7.5 * 1024;

const measure = (file) => {
  try {
    return sizes(readFileSync(new URL(file, dist)));
  } catch {
    return null;
  }
};

const groups = [
  ['core (every page)', [
    [CORE, 'classic script, one tag'],
    ['cookie-consent.js', 'ES module'],
  ]],
  ['view (only when something is shown)', [
    ['cookie-consent-view.js', 'banner (Lit), loaded by the core'],
    ['cookie-consent-view-preferences.js', 'preferences dialog, once asked for or the page is idle after the banner'],
    ['cookie-consent-view-services.js', 'service switches, only on pages with <cookie-service>'],
    ['cookie-consent-view-placeholder.js', 'embed placeholders, only once a page has one'],
  ]],
  ['parts (only on pages that need them)', [
    ['cookie-consent-embeds.js', 'release of tagged iframes, images, media; pages that tag one'],
    ['cookie-consent-services.js', '<cookie-service> configuration; pages that configure a service'],
    ['cookie-consent-receipts.js', 'receipt sender; pages with receipt-url, after a decision'],
  ]],
  ['single file', [
    ['cookie-consent.all.iife.js', 'everything in one classic script, for sites that host one file'],
  ]],
  ['other', [
    ['server.js', 'server helper'],
    ['lang/de.json', 'one language, fetched on demand'],
  ]],
].map(([group, files]) => [group, files.map(([file, what]) => ({ file, what, size: measure(file) }))]);
const size = (file) => groups.flatMap(([, rows]) => rows).find((r) => r.file === file)?.size ?? null;

let languages = [];
try {
  languages = readdirSync(new URL('lang/', dist)).filter((name) => name.endsWith('.json'));
} catch {}
const perLanguage = languages.map((name) => measure(`lang/${name}`)).filter(Boolean);

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const pad = (text, width, left) => (left ? String(text).padEnd(width) : String(text).padStart(width));
const line = (cells) => `${pad(cells[0], 34, true)} ${pad(cells[1], 9)} ${pad(cells[2], 9)} ${pad(cells[3], 9)}   ${cells[4]}`;

console.log(line(['file (dist/)', 'raw', 'gzip -9', 'brotli 11', '']));
const skipped = [];
for (const [group, rows] of groups) {
  const built = rows.filter((r) => r.size);
  skipped.push(...rows.filter((r) => !r.size).map((r) => r.file));
  if (!built.length) continue;
  console.log(`-- ${group} ${'-'.repeat(90 - group.length)}`);
  for (const { file, what, size: s } of built) console.log(line([file, s.raw, s.gzip, s.brotli, what]));
  if (group === 'other' && perLanguage.length) {
    const range = (key) => `${Math.min(...perLanguage.map((s) => s[key]))}–${Math.max(...perLanguage.map((s) => s[key]))}`;
    console.log(line([`lang/*.json (${perLanguage.length})`, range('raw'), range('gzip'), range('brotli'), 'each language, smallest–largest']));
  }
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
const floor = async () =>
  sizes(Buffer.from(await buildClassic('floor-entry', [
    { name: 'floor-entry', resolveId: (id) => (id === 'floor-entry' ? id : null), load: (id) => (id === 'floor-entry' ? floorEntry : null) },
  ])));
let lit = null;
try {
  lit = await floor();
  console.log(`-- floor ${'-'.repeat(84)}`);
  console.log(line(['(Lit + js-cookie floor)', lit.raw, lit.gzip, lit.brotli, 'the smallest Lit element that reads a cookie, same bundler settings']));
} catch (error) {
  console.log(`(Lit + js-cookie floor not built: ${error.message})`);
}
if (skipped.length) console.log(`not built yet, skipped: ${skipped.join(', ')}`);

const core = size(CORE);
console.log();
if (!core) {
  console.log(`${CORE} missing: run \`npm run build\` first.`);
  process.exit(1);
}
const view = size('cookie-consent-view.js');
console.log(`Core (${CORE}) gzip: ${core.gzip} bytes (${kb(core.gzip)}) against a budget of ${budget} bytes (${kb(budget)}).`);
if (view) console.log(`The view adds ${view.gzip} bytes gzip when something is shown: ${core.gzip + view.gzip} bytes (${kb(core.gzip + view.gzip)}) for a first visit.`);
if (lit) {
  // The floor says how much of what carries Lit is Lit itself: the view once split, today the one file.
  const [name, carrier] = view ? ['the single-file build', size('cookie-consent.all.iife.js')] : ['the one-file widget (not split yet)', core];
  if (carrier) {
    console.log(`Lit and js-cookie alone take ${lit.gzip} bytes gzip (${Math.round((lit.gzip / carrier.gzip) * 100)} %) of ${name} (${carrier.gzip}); the element's own code and CSS add ${carrier.gzip - lit.gzip}.`);
  }
}
if (core.gzip <= budget) {
  console.log(`budget met: ${budget - core.gzip} bytes to spare`);
} else {
  console.log(`BUDGET EXCEEDED: the core is ${core.gzip - budget} bytes over`);
  process.exitCode = 1;
}
