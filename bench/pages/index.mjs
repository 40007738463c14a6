// The four pages of the benchmark: the same article, the same three categories (necessary, analytics,
// marketing) and the same two tagged scripts, installed the way each widget documents it.
// Each page lives at /<id>/ and everything its widget may load under that prefix, so what a widget costs
// is counted by request (whatever its build splits into), not from a list of file names.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { articleHead, articleBody } from './article.mjs';
import { filesIn } from '../lib/server.mjs';

const require = createRequire(import.meta.url);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const versionOf = (pkg) => require(`${pkg}/package.json`).version;

const page = ({ head = '', settingsLink, tagged, install }) => `<!doctype html>
<html lang="en">
<head>
${articleHead}${head ? `\n${head}` : ''}
</head>
<body>
${articleBody(settingsLink)}
${tagged}
${install}
</body>
</html>
`;

/** Files every page may load that are not part of any widget. */
export const sharedFiles = {
  '/analytics.js': here('./analytics.js'),
  '/marketing.js': here('./marketing.js'),
};

/**
 * @typedef {object} Widget
 * @property {string} id        short id, also the key the in-page probe uses to find the banner
 * @property {string} name      shown in tables
 * @property {string} version
 * @property {string} html      the page
 * @property {Record<string, string>} files  URL path (under /<id>/) -> file on disk that this widget's page may load
 * @property {boolean} banner   whether the page shows a banner to accept
 */

/** @type {Widget[]} */
export const widgets = [
  {
    id: 'ours',
    name: 'cookie-consent-element',
    version: require(`${root}package.json`).version,
    banner: true,
    // CONTRACT section 1: one classic tag is the whole install; section 4: the tagged scripts.
    html: page({
      settingsLink: `<a href="#" data-cookie-consent="preferences">Cookie settings</a>`,
      tagged: `<script type="text/plain" data-category="analytics" src="/analytics.js"></script>
<script type="text/plain" data-category="marketing" src="/marketing.js"></script>`,
      install: `<script src="/ours/cookie-consent.iife.js" data-categories="analytics marketing" data-policy-url="/privacy"></script>`,
    }),
    // The whole build, as a site deploys it: the entry, and whatever it loads from beside itself (the
    // view, lang/*.json). Read lazily: `npm run bench` builds first.
    get files() {
      return filesIn(`${root}dist`, '/ours/');
    },
  },
  {
    id: 'vcc',
    name: 'vanilla-cookieconsent',
    version: versionOf('vanilla-cookieconsent'),
    banner: true,
    // Its "Getting started" (HTML): the stylesheet in <head>, the UMD build and the init file deferred in
    // <body>; scripts tagged with type="text/plain" data-category="…".
    html: page({
      head: `<link rel="stylesheet" href="/vcc/cookieconsent.css">`,
      settingsLink: `<a href="#" data-cc="show-preferencesModal">Cookie settings</a>`,
      tagged: `<script type="text/plain" data-category="analytics" src="/analytics.js"></script>
<script type="text/plain" data-category="marketing" src="/marketing.js"></script>`,
      install: `<script defer src="/vcc/cookieconsent.umd.js"></script>
<script defer src="/vcc/cookieconsent-init.js"></script>`,
    }),
    files: {
      '/vcc/cookieconsent.css': require.resolve('vanilla-cookieconsent/dist/cookieconsent.css'),
      '/vcc/cookieconsent.umd.js': require.resolve('vanilla-cookieconsent/dist/cookieconsent.umd.js'),
      '/vcc/cookieconsent-init.js': here('./vanilla-cookieconsent-init.js'),
    },
  },
  {
    id: 'klaro',
    name: 'klaro',
    version: versionOf('klaro'),
    banner: true,
    // Its README: the config file, then klaro.js (CSS and translations included), both deferred; scripts
    // tagged with type="text/plain" data-type data-name data-src.
    html: page({
      settingsLink: `<a href="#" onclick="return klaro.show();">Cookie settings</a>`,
      tagged: `<script type="text/plain" data-type="application/javascript" data-name="site-analytics" data-src="/analytics.js"></script>
<script type="text/plain" data-type="application/javascript" data-name="ad-partner" data-src="/marketing.js"></script>`,
      install: `<script defer type="text/javascript" src="/klaro/klaro-config.js"></script>
<script defer type="text/javascript" src="/klaro/klaro.js"></script>`,
    }),
    files: {
      '/klaro/klaro-config.js': here('./klaro-config.js'),
      '/klaro/klaro.js': require.resolve('klaro/dist/klaro.js'),
    },
  },
  {
    id: 'baseline',
    name: 'no widget (baseline)',
    version: '',
    banner: false,
    // The page as it would be without consent management: the same two scripts simply run.
    html: page({
      settingsLink: `<a href="/privacy">Cookies</a>`,
      tagged: `<script src="/analytics.js"></script>
<script src="/marketing.js"></script>`,
      install: '',
    }),
    files: {},
  },
];
