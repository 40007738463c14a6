// Builds an entry as one classic script with the core's own bundler settings (rollup.config.mjs's classic
// build: node-resolve and terser), in memory: what the bench's floor (bench/floor/entry.js) and
// `npm run size`'s Lit floor are measured as; the split floor's view (bench/floor/view.js) likewise as a module.
import { rollup } from 'rollup';
import config from '../../rollup.config.mjs';

/**
 * @param {string} input  a file, or an id that one of `plugins` resolves and loads
 * @param {import('rollup').Plugin[]} [plugins]  put before the core's own
 * @param {'iife' | 'es'} [format]  a classic script, or an ES module (what the view is built as)
 * @returns {Promise<string>} the script
 */
export async function buildClassic(input, plugins = [], format = 'iife') {
  const classic = config.find((entry) => [entry.output].flat().some((o) => o?.format === 'iife'));
  if (!classic) throw new Error('no classic (iife) build in rollup.config.mjs');
  const bundle = await rollup({
    input,
    plugins: [...plugins, ...[classic.plugins].flat().filter((plugin) => ['node-resolve', 'terser'].includes(plugin?.name))],
  });
  const { output } = await bundle.generate({ format });
  await bundle.close();
  return output[0].code;
}
