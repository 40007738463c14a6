// The element's core as an ES module and as a classic script (CONTRACT section 1), with js-cookie inside;
// the view (Lit: banner, dialog, placeholders) as an ES module beside them, which the core loads only
// when something must be shown, with its service UI in a chunk of its own; a single-file classic build with both; the dependency-free server
// helper; the receipt stores. Declarations come from `tsc`.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

// TypeScript to JavaScript one file at a time (tsconfig.json sets isolatedModules, so a file needs no other to
// be compiled), with the helpers from tslib. Types are checked once, by the `tsc` that writes the declarations
// after rollup (`npm run build`). @rollup/plugin-typescript built a whole program for each of the bundles below
// and took 23 s of the build's 25; one file compiles the same way in every bundle, so it is compiled once.
const { options: compilerOptions } = ts.parseJsonConfigFileContent(ts.readConfigFile('tsconfig.json', ts.sys.readFile).config, ts.sys, process.cwd());
const transpileOptions = { ...compilerOptions, outDir: undefined, rootDir: undefined, declaration: false, declarationMap: false, sourceMap: true, importHelpers: true, noEmitHelpers: true };
const tslib = createRequire(import.meta.url).resolve('tslib/tslib.es6.js');
const compiled = new Map();
const typescript = () => ({
  name: 'typescript',
  resolveId(source, importer) {
    if (source === 'tslib') return tslib;
    // The sources import each other by the names they will have once compiled (`./options.js`).
    if (importer?.endsWith('.ts') && source.startsWith('.') && source.endsWith('.js')) {
      const file = resolve(dirname(importer), source.replace(/\.js$/, '.ts'));
      if (existsSync(file)) return file;
    }
    return null;
  },
  // Compiled as it is read, so the source maps point at the sources, which the package ships, rather than carry them.
  load(id) {
    if (!id.endsWith('.ts')) return null;
    const source = readFileSync(id, 'utf8');
    // Once per file and content: the same in every bundle, and again after an edit under `rollup --watch`.
    if (compiled.get(id)?.source !== source) {
      const { outputText, sourceMapText, diagnostics } = ts.transpileModule(source, { compilerOptions: transpileOptions, fileName: id, reportDiagnostics: true });
      if (diagnostics?.length) this.error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => '.', getNewLine: () => '\n' }));
      compiled.set(id, { source, code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: sourceMapText });
    }
    const { code, map } = compiled.get(id);
    return { code, map };
  },
});

const minify = ({ hint = true } = {}) =>
  terser({
    ecma: 2022,
    module: true,
    compress: { passes: 2 },
    // The element's private members (`_banner`, `_decide`, …) get short names. Only `_` + lowercase:
    // Lit's own cross-bundle names (`_$litType$`, …) and everything public keep theirs.
    mangle: { properties: { regex: /^_[a-z]/ } },
    // V8's explicit compile hint (Chrome 126+): compile every function with the script, on the
    // streaming thread, instead of one by one on the main thread when first called; most of them
    // are called on load or on the first click. Other engines read it as a comment. Not for the view:
    // most of its functions (the dialog, placeholders) do not run for a banner, and compiled they held
    // 14 KB of a first visit's heap, for no banner time measured (docs/performance.md).
    format: { comments: false, preamble: hint ? '//# allFunctionsCalledOnLoad' : undefined },
  });

// Lit templates are written indented for people; browsers need none of that whitespace. CSS keeps a
// space only where one means something (descendant selectors, calc's + and -, values); HTML keeps one space per
// run, and none between tags or where a tag meets an expression (only whitespace that renders nothing
// goes: between the block and flex boxes of these templates). The newlines a template loses are put
// back right after it, so the lines of the code that follows, and so the source map, stay right.
const templates = () => ({
  name: 'templates',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html)\s*`/.test(code)) return null;
    const edits = [];
    const walk = (node) => {
      if (!node || typeof node.type !== 'string') return;
      if (node.type === 'TaggedTemplateExpression' && ['css', 'html'].includes(node.tag.name)) {
        const { quasis } = node.quasi;
        quasis.forEach((quasi, i) => edits.push([quasi.start, quasi.end, node.tag.name, i === quasis.length - 1 ? node.end : -1]));
      }
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') walk(value);
      }
    };
    walk(this.parse(code));
    let out = '';
    let at = 0;
    let lost = 0;
    for (const [start, end, tag, templateEnd] of edits.sort((a, b) => a[0] - b[0])) {
      const before = code.slice(start, end);
      let text = before;
      if (tag === 'css') {
        text = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};:,>]) ?/g, '$1')
          .replace(/;}/g, '}')
          // `0.5` as `.5`; `* 2` and `/ 3` (calc, colours, background sizes) without spaces: only before a number
          // or var(), which a universal selector is never followed by.
          .replace(/(^|[^\w.#-])0\.(?=\d)/g, '$1.')
          .replace(/ ([*/]) (?=[\d.]|var\()/g, '$1')
          // [dir='rtl'] as [dir=rtl]: a name needs no quotes.
          .replace(/=(['"])([a-z][\w-]*)\1\]/gi, '=$2]');
      } else {
        text = text
          .replace(/\s+/g, ' ')
          .replace(/> (?=<|$)/g, '>')
          .replace(/^ (?=<)/, '')
          .replace(/="([\w-]+)"/g, '=$1');
      }
      lost += before.split('\n').length - text.split('\n').length;
      out += code.slice(at, start) + text;
      at = end;
      if (templateEnd !== -1 && lost) {
        out += code.slice(at, templateEnd) + '\n'.repeat(lost);
        at = templateEnd;
        lost = 0;
      }
    }
    return { code: out + code.slice(at), map: null };
  },
});

// Every language but English ships as dist/lang/<code>.json, beside the bundles, and is fetched only
// when a visitor needs it (src/view/texts/load.ts); the presets' texts likewise as dist/presets/<code>.json
// (English too), for pages that name a preset. Parsing here fails the build on a broken file.
const jsonFiles = (dir, to) => ({
  name: `json-files-${to}`,
  generateBundle() {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const source = JSON.stringify(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
      this.emitFile({ type: 'asset', fileName: `${to}/${file}`, source });
    }
  },
});
const languages = () => jsonFiles('src/view/texts/lang', 'lang');
const presetTexts = () => jsonFiles('src/presets/lang', 'presets');

// The presets' cookie lists (src/presets/data.ts, read as the scanner reads it) as dist/presets/cookies.json:
// the core fetches them on pages that name a preset (src/element/services.ts), so no bundle carries the table.
const presetCookies = () => ({
  name: 'preset-cookies',
  async generateBundle() {
    const { presetCookieLists } = await import('./scanner/presets.mjs');
    this.emitFile({ type: 'asset', fileName: 'presets/cookies.json', source: JSON.stringify(presetCookieLists()) });
  },
});

// The Open Cookie Database (data/, Apache 2.0) as dist/cookie-data.json, for <cookie-declaration> on a
// policy page: provider, purpose and retention per name, the columns a visitor reads; exact names and
// prefixes apart. Read with the scanner's own parser, so both see the same rows. A row of a plain name
// (`sessionid`) that names a domain is that site's cookie, which any site's cookie may share the name of:
// it carries its category too, so that the declaration uses it only where the site declares the cookie there.
const cookieData = () => ({
  name: 'cookie-data',
  async generateBundle() {
    const { loadDatabase, plainName } = await import('./scanner/ocd.mjs');
    const data = { exact: {}, prefix: {} };
    for (const entry of loadDatabase()) {
      const table = entry.prefix ? data.prefix : data.exact;
      if (Object.hasOwn(table, entry.name)) continue;
      table[entry.name] = [entry.platform, entry.description, entry.retention, ...(plainName(entry.name) && entry.domains.length ? [entry.category] : [])];
    }
    this.emitFile({ type: 'asset', fileName: 'cookie-data.json', source: JSON.stringify(data) });
  },
});

// A classic script imported where there is no DOM (Node rendering a page that imports "./iife") does
// nothing: the package's import never throws (CONTRACT section 1), whichever entry a framework picks.
const NO_DOM = 'if (typeof document > "u") return;';

/** The parts the core loads when needed (src/element/parts.ts), by the file each becomes beside it. */
const PARTS = [
  [/[\\/]view[\\/]index\.(js|ts)$/, './cookie-consent-view.js'],
  [/[\\/]signals[\\/]receipts-sender\.(js|ts)$/, './cookie-consent-receipts.js'],
  [/[\\/]release[\\/]embeds\.(js|ts)$/, './cookie-consent-embeds.js'],
  [/[\\/]element[\\/]services\.(js|ts)$/, './cookie-consent-services.js'],
];
const partFile = (id) => PARTS.find(([pattern]) => pattern.test(id))?.[1];

export default [
  {
    // Also what Node imports (server-side rendering): the core touches no DOM until an element starts.
    input: 'src/index.ts',
    output: { file: 'dist/cookie-consent.js', format: 'es', sourcemap: true, paths: (id) => partFile(id) ?? id },
    external: (id) => !!partFile(id),
    plugins: [nodeResolve(), typescript(), minify()],
  },
  {
    input: 'src/iife.ts',
    output: { file: 'dist/cookie-consent.iife.js', format: 'iife', sourcemap: true, intro: NO_DOM },
    plugins: [nodeResolve(), typescript(), minify()],
  },
  {
    // One file for both cores; every language but English beside it (dist/lang/). Two chunks of its own are
    // import()ed only where needed: the service UI, cookie-consent-view-services.js, on pages with
    // <cookie-service>; the embeds' placeholders, cookie-consent-view-placeholder.js, once a page has one.
    input: 'src/view/index.ts',
    // The chunks import Lit from the view, which exports it for them (else rollup adds a facade file).
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: 'cookie-consent-view.js', chunkFileNames: 'cookie-consent-view-[name].js' },
    plugins: [nodeResolve(), typescript(), templates(), minify({ hint: false }), languages(), presetTexts(), presetCookies()],
  },
  // The parts both cores load only on a page that needs them: the receipt sender (once there is a receipt to
  // send, with receipt-url), the release of embeds (a page that tags an iframe, image or media) and the
  // services' configuration (a page with a <cookie-service>).
  ...[
    ['src/signals/receipts-sender.ts', 'dist/cookie-consent-receipts.js'],
    ['src/release/embeds.ts', 'dist/cookie-consent-embeds.js'],
    ['src/element/services.ts', 'dist/cookie-consent-services.js'],
  ].map(([input, file]) => ({ input, output: { file, format: 'es', sourcemap: true }, plugins: [nodeResolve(), typescript(), minify()] })),
  {
    // For sites that can host only one file: the classic script with the view and the receipt sender inside.
    input: 'src/all.ts',
    // The view's service chunk inside too (an iife has no chunks): it never fetches one.
    output: { file: 'dist/cookie-consent.all.iife.js', format: 'iife', sourcemap: true, inlineDynamicImports: true, intro: NO_DOM },
    plugins: [nodeResolve(), typescript(), templates(), minify()],
  },
  {
    // Loaded only by a policy page; never part of the banner's bundles.
    input: 'src/declaration/cookie-declaration.ts',
    output: { file: 'dist/cookie-declaration.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve(), typescript(), templates(), minify(), cookieData()],
  },
  {
    input: 'src/server/index.ts',
    output: { file: 'dist/server.js', format: 'es', sourcemap: true },
    // The server helper must stay dependency-free: fail the build if it imports a package.
    external: (id) => {
      if (!id.startsWith('.') && !id.startsWith('/') && !id.includes('\0') && id !== 'tslib') {
        throw new Error(`the server helper may not import "${id}"`);
      }
      return false;
    },
    plugins: [typescript()],
  },
  {
    // Receipt stores and the owner's command line: their own entries, so that only a site that opens a
    // store needs its driver (an optional peer dependency, imported when the store opens).
    input: {
      'server-receipts-sqlite': 'src/server/receipts/sqlite.ts',
      'server-receipts-postgres': 'src/server/receipts/postgres.ts',
      'receipts-cli': 'src/server/receipts/cli.ts',
    },
    output: { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'server-[name]-[hash].js' },
    external: ['better-sqlite3', 'pg', /^node:/],
    plugins: [typescript()],
  },
];
