// Checks every translation against English before anything is built (`npm test` runs it first):
// each src/view/texts/lang/<code>.json has exactly English's keys (none missing, none extra), a
// non-empty string at each, the same {placeholders} as English, and is one of the shipped languages in
// load.ts (and every shipped language has its file). English is read from en.ts without compiling it.
// Exits 1 with one line per problem.
import { readFileSync, readdirSync } from 'node:fs';

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

if (problems.length) {
  console.error(`check-languages: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-languages: ${files.length} languages and English agree on ${wanted.size} strings`);
