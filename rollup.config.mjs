// Three outputs (CONTRACT section 1): the element as an ES module and as a classic script, both with
// Lit and js-cookie inside, and the dependency-free server helper. Declarations come from `tsc`.
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readdirSync, readFileSync } from 'node:fs';

const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: false,
    declarationMap: false,
    outDir: undefined,
    noEmitOnError: true,
  });

const minify = () =>
  terser({
    ecma: 2021,
    module: true,
    compress: { passes: 2 },
    format: { comments: false },
  });

// Every language but English ships as dist/lang/<code>.json, beside the bundles, and is fetched only
// when a visitor needs it (src/element/texts/load.ts). Parsing here fails the build on a broken file.
const languages = (dir = 'src/element/texts/lang') => ({
  name: 'languages',
  generateBundle() {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const source = JSON.stringify(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
      this.emitFile({ type: 'asset', fileName: `lang/${file}`, source });
    }
  },
});

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/cookie-consent.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve(), ts(), minify(), languages()],
  },
  {
    input: 'src/iife.ts',
    output: { file: 'dist/cookie-consent.iife.js', format: 'iife', sourcemap: true },
    plugins: [nodeResolve(), ts(), minify()],
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
    plugins: [ts()],
  },
];
