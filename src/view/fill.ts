/** `rtl` for languages written right to left (the shipped ar, fa, he and others a site may register). */
export const direction = (lang: string): 'rtl' | 'ltr' => (/^(ar|fa|he|ur|ps|yi|ckb|dv)\b/.test(lang) ? 'rtl' : 'ltr');

/** `template` with each `{key}` of `values` filled in; other braces stay as they are. */
export function fill(template: string, values: Record<string, string>): string {
  // Own keys only: "{constructor}" in a translation is text, not Object.prototype.constructor.
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}

/** How a language joins the items of a list (CLDR's list patterns), each with `{0}` and `{1}`. */
export interface ListPatterns {
  /** Two items: "{0} and {1}". */
  pair: string;
  /** Before the last two of three or more: "{0}, {1}". */
  middle: string;
  /** The last two of three or more: "{0}, and {1}". */
  end: string;
}

/** Whether `lang`'s "and" changes with `word` after it: Hebrew ו before a word not in Hebrew letters, Spanish y before an "i" sound. */
const changesAnd = (lang: string, word: string): boolean =>
  lang === 'he' ? /^[^\u05d0-\u05ea]/.test(word) : lang === 'es' && /^(i|hi(?![ae]))/i.test(word);

/**
 * `items` as one phrase in `lang` ("a, b, and c"), joined as `patterns` say, from the end, so each pattern
 * gets the rest as `{1}`. Intl.ListFormat's first use loads locale data (30–150 ms on a desktop, on the
 * way to the banner), so it joins only what the patterns cannot: a language they are not made for (`own`
 * false: a site's texts for a language not shipped here), and an "and" that changes with the last item.
 */
export function list(items: readonly string[], lang: string, patterns: ListPatterns, own = true): string {
  const next = items.at(-1);
  if (!own || (items.length > 1 && changesAnd(lang, next!))) {
    try {
      return new Intl.ListFormat(lang).format(items);
    } catch {
      // A tag of the site's own that Intl does not take: the patterns (English's).
    }
  }
  const last = items.length - 2;
  return next === undefined ? '' : items.reduceRight((rest, item, i) => fill(i < last ? patterns.middle : i ? patterns.end : patterns.pair, { 0: item, 1: rest }));
}
