// The presets' texts ship as dist/presets/<code>.json (English too: the view fetches them only when a
// page names a preset), minified like dist/lang/. Parsing here fails the build on a broken file.
// Run after rollup, which empties nothing outside its own outputs.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

const from = new URL('../src/presets/lang/', import.meta.url);
const to = new URL('../dist/presets/', import.meta.url);
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((name) => name.endsWith('.json'));
for (const file of files) writeFileSync(new URL(file, to), JSON.stringify(JSON.parse(readFileSync(new URL(file, from), 'utf8'))));
console.log(`copy-presets: ${files.length} files to dist/presets/`);
