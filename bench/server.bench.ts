/**
 * parseConsent against jshttp/cookie's `parse` on the same real-world headers, in the same run.
 *
 *   npm run bench:server
 *
 * Headers of 5, 20 and 60 cookies are built from the real `Cookie` headers in
 * `shared/data/top-cookie.json` (scrambled headers of popular sites), with our consent cookie near
 * the end, where a site's own cookie usually lands. `parseConsent` does all of its work (find the
 * cookie, decode, validate against a revision and a lifetime); `cookie.parse` only splits the header
 * into an object, so a ratio ≤ 1 means reading consent costs no more than parsing cookies at all.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'cookie';
import { createConsent, encodeConsent } from '../src/consent/index.js';
import { parseConsent } from '../src/server/index.js';
import { findTopCookie } from '../test/server/top-cookie.js';

const sites = JSON.parse(readFileSync(findTopCookie(), 'utf8')) as Record<string, string>;
const pairs = Object.values(sites).flatMap((header) => header.split('; '));

const consent = createConsent(['analytics', 'preferences'], ['marketing'], 3, 'banner');
const ours = `cookie_consent=${encodeConsent(consent)}`;
const options = { revision: 3, expiresDays: 182 };

/** `count` cookies in total, real ones in file order (renamed when the pool repeats), ours second to last. */
function header(count: number): string {
  const cookies: string[] = [];
  for (let i = 0; cookies.length < count - 1; i++) {
    const pair = pairs[i % pairs.length]!;
    const round = Math.floor(i / pairs.length);
    cookies.push(round === 0 ? pair : pair.replace('=', `${round}=`));
  }
  cookies.splice(count - 2, 0, ours);
  return cookies.join('; ');
}

let sink = 0;

/**
 * ns per call for each of `rounds` rounds of `calls` calls. Counts the process's CPU time, not the
 * wall clock: the bench often shares two cores with other work, and time spent descheduled is not
 * time spent parsing. Every round is long enough (≥ 10 ms) for the microsecond clock.
 */
function measure(run: () => unknown, calls: number, rounds: number): number[] {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) if (run() !== null) sink++;
    const { user, system } = process.cpuUsage(start);
    samples.push(((user + system) * 1000) / calls);
  }
  return samples;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

console.log(`node ${process.version}, ${pairs.length} real cookies from ${Object.keys(sites).length} sites\n`);
console.log('cookies  bytes  parseConsent ns/call  cookie.parse ns/call  ratio   (CPU time, median of 15 rounds)');
const ROUNDS = 15;
for (const count of [5, 20, 60]) {
  const input = header(count);
  // The comparison is only fair if both find our cookie in this header.
  if (parseConsent(input, options)?.id !== consent.id) throw new Error(`parseConsent missed the cookie in ${input}`);
  if (parse(input).cookie_consent !== encodeConsent(consent)) throw new Error('cookie.parse missed the cookie');

  const calls = Math.max(2_000, Math.round(400_000 / count));
  const ourRun = () => parseConsent(input, options);
  const theirRun = () => parse(input);
  measure(ourRun, calls, 5); // warm-up: let both reach optimised code
  measure(theirRun, calls, 5);
  // Interleave the rounds so both see the same machine load (2 shared cores).
  const ourSamples: number[] = [];
  const theirSamples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ourSamples.push(...measure(ourRun, calls, 1));
    theirSamples.push(...measure(theirRun, calls, 1));
  }
  const ourNs = median(ourSamples);
  const theirNs = median(theirSamples);
  console.log(
    `${String(count).padStart(7)}  ${String(input.length).padStart(5)}  ${ourNs.toFixed(0).padStart(20)}  ` +
      `${theirNs.toFixed(0).padStart(20)}  ${(ourNs / theirNs).toFixed(2).padStart(5)}`,
  );
}
if (sink === 0) console.log('(unreachable: keeps the calls alive)');
