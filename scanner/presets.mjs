// Which preset of CONTRACT §9 a finding points to. The table is src/presets/data.ts, the one the element's
// view and the server's cookie guard use: its object literal is plain JavaScript, so it is evaluated here
// without compiling the module (the package ships src/). A cookie pattern's trailing `*` is a prefix; a
// host matches itself and its subdomains, and `host/path` also needs the path (with its query) to start
// with `/path`.
import { readFileSync } from 'node:fs';

const source = readFileSync(new URL('../src/presets/data.ts', import.meta.url), 'utf8');
const literal = source.slice(source.indexOf('{', source.indexOf('export const PRESETS')), source.indexOf('\n};', source.indexOf('export const PRESETS')) + 2);
/** @type {Record<string, { category: string, cookies: string[], hosts: string[], consentMode?: string[], embed?: boolean }>} */
export const PRESETS = Function(`return ${literal}`)();

/** Each preset's cookie patterns, by id: `presets/cookies.json` beside the view (rollup.config.mjs). */
export const presetCookieLists = () => Object.fromEntries(Object.entries(PRESETS).map(([id, preset]) => [id, preset.cookies]));

/** Whether `name` matches a pattern list (`name` or `prefix*`). */
export const matchesPattern = (name, patterns) =>
  patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** Whether `host` is `domain` or one of its subdomains. */
export const onDomain = (host, domain) => host === domain || host.endsWith('.' + domain);

/** The preset whose cookies include `name`, or `undefined`. */
export const presetOfCookie = (name) => Object.keys(PRESETS).find((id) => matchesPattern(name, PRESETS[id].cookies));

/** The preset a request URL belongs to (the most specific host entry wins: Google Ads' gtag.js over GA4's), or `undefined`. */
export function presetOfUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  let best;
  let length = -1;
  for (const [id, { hosts }] of Object.entries(PRESETS)) {
    for (const h of hosts) {
      const slash = h.indexOf('/');
      const domain = slash === -1 ? h : h.slice(0, slash);
      if (h.length > length && onDomain(u.hostname, domain) && (slash === -1 || (u.pathname + u.search).startsWith(h.slice(slash)))) {
        best = id;
        length = h.length;
      }
    }
  }
  return best;
}
