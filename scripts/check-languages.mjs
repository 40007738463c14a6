// Checks every translation against English before anything is built (`npm test` runs it first):
// each src/view/texts/lang/<code>.json has exactly English's keys (none missing, none extra), a
// non-empty string at each, the same {placeholders} as English, and is one of the shipped languages in
// load.ts (and every shipped language has its file). English is read from en.ts without compiling it.
// The presets' texts too: src/presets/lang/<code>.json exists for English and every shipped language, and
// has, for exactly the presets of src/presets/data.ts, exactly English's keys, each a non-empty string.
// Exits 1 with one line per problem.
import { readFileSync, readdirSync } from 'node:fs';
import { PRESETS } from '../scanner/presets.mjs';

const root = new URL('../src/view/texts/', import.meta.url);
const problems = [];

// en.ts is a plain object literal of single-quoted strings: evaluate the literal, not the module.
const source = readFileSync(new URL('en.ts', root), 'utf8');
const english = Function(`return ${source.slice(source.indexOf('{', source.indexOf('en: Texts')), source.lastIndexOf('}') + 1)}`)();

/** Every `[path, value]` leaf, e.g. `['categories.analytics.label', 'Analytics']`. */
const leaves = (texts, prefix = '') =>
  Object.entries(texts).flatMap(([key, value]) =>
    value && typeof value === 'object' ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
const placeholders = (text) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort().join(' ');

const wanted = new Map(leaves(english));
const load = readFileSync(new URL('load.ts', root), 'utf8');
const shipped = new Set(load.match(/const shipped = \(([\s\S]*?)\)\.split/)[1].replace(/['+\s]+/g, ' ').trim().split(' '));

const files = readdirSync(new URL('lang/', root)).filter((name) => name.endsWith('.json'));
for (const file of files) {
  const code = file.slice(0, -5);
  if (!shipped.has(code)) problems.push(`${file}: not in the shipped list of load.ts`);
  let texts;
  try {
    texts = JSON.parse(readFileSync(new URL(`lang/${file}`, root), 'utf8'));
  } catch (error) {
    problems.push(`${file}: not JSON (${error.message})`);
    continue;
  }
  const own = new Map(leaves(texts));
  for (const [path, englishText] of wanted) {
    const text = own.get(path);
    if (typeof text !== 'string' || !text.trim()) problems.push(`${file}: ${path} is missing or empty`);
    else if (placeholders(text) !== placeholders(englishText)) {
      problems.push(`${file}: ${path} has placeholders "${placeholders(text)}", English has "${placeholders(englishText)}"`);
    }
  }
  for (const path of own.keys()) if (!wanted.has(path)) problems.push(`${file}: ${path} is not an English key`);
}
for (const code of shipped) if (!files.includes(`${code}.json`)) problems.push(`load.ts ships "${code}" but lang/${code}.json is missing`);

// The presets' texts: English names every preset of data.ts; the others have English's keys.
const presetDir = new URL('../../presets/lang/', root);
const presetFiles = readdirSync(presetDir).filter((name) => name.endsWith('.json'));
const presetTexts = (file) => {
  try {
    return JSON.parse(readFileSync(new URL(file, presetDir), 'utf8'));
  } catch (error) {
    problems.push(`presets/lang/${file}: not JSON (${error.message})`);
    return {};
  }
};
const englishPresets = presetTexts('en.json');
const presetIds = Object.keys(PRESETS).sort().join(' ');
if (Object.keys(englishPresets).sort().join(' ') !== presetIds) problems.push(`presets/lang/en.json: preset ids differ from data.ts (${presetIds})`);
const presetWanted = new Set(leaves(englishPresets).map(([path]) => path));
for (const file of presetFiles) {
  const own = new Map(leaves(presetTexts(file)));
  for (const path of presetWanted) {
    const text = own.get(path);
    if (typeof text !== 'string' || !text.trim()) problems.push(`presets/lang/${file}: ${path} is missing or empty`);
  }
  for (const path of own.keys()) if (!presetWanted.has(path)) problems.push(`presets/lang/${file}: ${path} is not an English key`);
}
for (const code of ['en', ...shipped]) if (!presetFiles.includes(`${code}.json`)) problems.push(`presets/lang/${code}.json is missing`);
for (const file of presetFiles) if (file !== 'en.json' && !shipped.has(file.slice(0, -5))) problems.push(`presets/lang/${file}: not a shipped language`);

if (problems.length) {
  console.error(`check-languages: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-languages: ${files.length} languages and English agree on ${wanted.size} strings, and on ${presetWanted.size} preset strings`);
