/**
 * parseConsent against jshttp/cookie's `parse` on the same real-world headers, in the same run.
 *
 *   npm run bench:server
 *
 * Headers of 5, 20 and 60 cookies are built from the real `Cookie` headers in
 * `test/server/data/top-cookie.json` (scrambled headers of popular sites), with our consent cookie second
 * to last, where a site's own late cookie lands. `parseConsent` does all of its work (find the cookie,
 * decode it, check it against a revision and a lifetime); `cookie.parse` only splits the header into
 * an object, so a ratio ≤ 1 means reading consent costs no more than parsing the cookies at all.
 *
 * The codec remembers the last 8 category lists it decoded (most visitors share a few choices), so
 * the last column is the worst case: a rotation of 16 headers whose lists are all different, each
 * one new to that memory, as if every visitor had made a choice nobody else made.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'cookie';
import { createConsent, encodeConsent } from '../src/consent/index.js';
import { parseConsent } from '../src/server/index.js';
import { findTopCookie } from '../test/server/top-cookie.js';

const sites = JSON.parse(readFileSync(findTopCookie(), 'utf8')) as Record<string, string>;
const pairs = Object.values(sites).flatMap((header) => header.split('; '));

const options = { revision: 3, expiresDays: 182 };
const consent = createConsent(['analytics', 'preferences'], ['marketing'], options.revision, 'banner');

/** `count` cookies in total, real ones in file order (renamed when the pool repeats), ours second to last. */
function header(count: number, value = encodeConsent(consent)): string {
  const cookies: string[] = [];
  for (let i = 0; cookies.length < count - 1; i++) {
    const pair = pairs[i % pairs.length]!;
    const round = Math.floor(i / pairs.length);
    cookies.push(round === 0 ? pair : pair.replace('=', `${round}=`));
  }
  cookies.splice(count - 2, 0, `cookie_consent=${value}`);
  return cookies.join('; ');
}

/** 16 headers of `count` cookies whose consent values have 16 different category lists. */
function rotation(count: number): string[] {
  const ids = ['analytics', 'preferences', 'marketing', 'video'];
  return Array.from({ length: 16 }, (_, mask) => {
    const granted = ids.filter((_, bit) => mask & (1 << bit));
    const refused = ids.filter((_, bit) => !(mask & (1 << bit)));
    return header(count, encodeConsent(createConsent(granted, refused, options.revision, 'preferences')));
  });
}

let sink = 0;

/**
 * ns per call over one round of `calls` calls. Counts the process's CPU time, not the wall clock:
 * the bench often shares two cores with other work, and time spent descheduled is not time spent
 * parsing. A round is long enough (≥ 10 ms) for the microsecond clock.
 */
function measure(run: (i: number) => unknown, calls: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) if (run(i) !== null) sink++;
  const { user, system } = process.cpuUsage(start);
  return ((user + system) * 1000) / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const WARMUP = 5;
const ROUNDS = 15;
console.log(`node ${process.version}; ${pairs.length} real cookies from ${Object.keys(sites).length} sites;` +
  ` CPU time per call, median of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds\n`);
console.log('cookies  bytes  parseConsent ns  cookie.parse ns  ratio  parseConsent, every list new ns');
for (const count of [5, 20, 60]) {
  const input = header(count);
  const inputs = rotation(count);
  // The comparison is only fair if both find our cookie in this header.
  if (parseConsent(input, options)?.id !== consent.id) throw new Error(`parseConsent missed the cookie in ${input}`);
  if (parse(input).cookie_consent !== encodeConsent(consent)) throw new Error('cookie.parse missed the cookie');
  if (inputs.some((one) => parseConsent(one, options) === null)) throw new Error('parseConsent missed a rotated cookie');

  const calls = Math.max(4_000, Math.round(400_000 / count));
  const runs = {
    ours: () => parseConsent(input, options),
    theirs: () => parse(input),
    cold: (i: number) => parseConsent(inputs[i & 15]!, options),
  };
  const samples = { ours: [] as number[], theirs: [] as number[], cold: [] as number[] };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Interleaved, so all three see the same machine load.
    for (const name of ['ours', 'theirs', 'cold'] as const) {
      const ns = measure(runs[name], calls);
      if (round >= WARMUP) samples[name].push(ns);
    }
  }
  const [ours, theirs, cold] = [median(samples.ours), median(samples.theirs), median(samples.cold)];
  console.log(
    `${String(count).padStart(7)}  ${String(input.length).padStart(5)}  ${ours.toFixed(0).padStart(15)}  ` +
      `${theirs.toFixed(0).padStart(15)}  ${(ours / theirs).toFixed(2).padStart(5)}  ${cold.toFixed(0).padStart(31)}`,
  );
}

// The worst header: 1 MB of consent cookies with 64 categories each, every one a valid copy. Only the
// first 16 copies are decoded (src/consent/codec.ts), so this stays bounded however long it gets.
const ids = Array.from({ length: 64 }, (_, i) => `category-${i}`);
const copies: string[] = [];
const now = Date.now();
for (let size = 0; size < 1 << 20; size += copies.at(-1)!.length + 2) {
  // Lists that differ from copy to copy, so that the memory of recent lists never helps.
  const own = ids.map((id) => `${id}-${copies.length}`);
  const copy = createConsent(own.slice(0, 32), own.slice(32), options.revision, 'banner', now - copies.length, `c${copies.length}`);
  copies.push(`cookie_consent=${encodeConsent(copy)}`);
}
const stuffed = copies.join('; ');
if (parseConsent(stuffed, options)?.id !== 'c0') throw new Error('parseConsent misread the stuffed header');
const worst = Array.from({ length: ROUNDS }, () => measure(() => parseConsent(stuffed, options), 20));
console.log(`\n${copies.length} copies, ${stuffed.length} bytes, 64 categories each: parseConsent ${(median(worst) / 1e6).toFixed(2)} ms (median of ${ROUNDS})`);
if (sink === 0) console.log('(unreachable: keeps the results alive)');
