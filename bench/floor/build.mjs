// Builds the floor (bench/floor/entry.js) as one classic script with the core's own bundler settings
// (rollup.config.mjs's classic build: node-resolve and terser), and returns it.
import { rollup } from 'rollup';
import config from '../../rollup.config.mjs';

/** @returns {Promise<string>} the floor's classic script */
export async function buildFloor() {
  const classic = config.find((entry) => [entry.output].flat().some((o) => o?.format === 'iife'));
  if (!classic) throw new Error('no classic (iife) build in rollup.config.mjs');
  const bundle = await rollup({
    input: new URL('./entry.js', import.meta.url).pathname,
    plugins: [classic.plugins].flat().filter((plugin) => ['node-resolve', 'terser'].includes(plugin?.name)),
  });
  const { output } = await bundle.generate({ format: 'iife' });
  await bundle.close();
  return output[0].code;
}
