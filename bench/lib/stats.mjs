// Small numeric helpers for the benchmark's tables.
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** Median, min and max of a list of numbers (nulls dropped). */
export function summary(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

/** Sizes as a site would serve a static file: raw, gzip -9 and brotli quality 11. */
export function sizes(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
    }).length,
  };
}

/**
 * Cumulative layout shift as Chromium reports it: the largest session window of shifts (windows end
 * after a 1 s gap or at 5 s).
 */
export function cls(shifts) {
  let best = 0;
  let sum = 0;
  let first = -Infinity;
  let last = -Infinity;
  for (const { start, value } of [...shifts].sort((a, b) => a.start - b.start)) {
    if (start - last > 1000 || start - first > 5000) {
      sum = 0;
      first = start;
    }
    sum += value;
    last = start;
    best = Math.max(best, sum);
  }
  return best;
}

/**
 * The median's 95 % confidence interval from order statistics (normal approximation of the binomial):
 * no assumption about the distribution, which has a long right tail here (other processes, frames).
 */
export function medianInterval(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const k = Math.max(0, Math.floor(v.length / 2 - 0.98 * Math.sqrt(v.length)));
  return [v[k], v[v.length - 1 - k]];
}

/** Format a number with a sensible number of digits for a table. */
export function fmt(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (digits !== undefined) return x.toFixed(digits);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toFixed(3);
}
