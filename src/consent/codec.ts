/**
 * The consent cookie's value, version 1. The one place that writes and reads it.
 *
 *   value      = "v=1" "&r=" revision "&t=" timestamp "&id=" id "&s=" source "&g=" list "&d=" list
 *   revision   = 1*9DIGIT                    ; policy revision, decimal
 *   timestamp  = 1*15DIGIT                   ; ms since the epoch, decimal
 *   id         = 1*64( ALPHA / DIGIT / "-" / "_" )
 *   source     = "banner" / "preferences" / "api" / "gpc"
 *   list       = [ category *( "+" category ) ]   ; g: granted, d: refused (denied)
 *   category   = ( ALPHA / DIGIT ) *39( ALPHA / DIGIT / "-" / "_" )
 *
 * Every byte is a `cookie-octet` (RFC 6265 section 4.1.1), so the value needs no quoting or escaping,
 * and it is a valid `application/x-www-form-urlencoded` string, so any language's query-string parser
 * reads it (where `+` becomes a space: split the lists on either). `necessary` is implied and never
 * written. A value whose `v` is not `1` is a future (or foreign) format and reads as no decision.
 */
import { CATEGORY_ID, DECISION_ID, NECESSARY, SOURCES, type Consent, type ConsentSource } from './record.js';

/** The format version this code writes and reads. */
export const FORMAT_VERSION = 1;

const PREFIX = 'v=1&r=';
const MAX_CATEGORIES = 64;

/** Serialises a record to the cookie value. */
export function encodeConsent(consent: Consent): string {
  const granted: string[] = [];
  const refused: string[] = [];
  for (const category of Object.keys(consent.categories)) {
    if (category === NECESSARY || !CATEGORY_ID.test(category)) continue;
    (consent.categories[category] === true ? granted : refused).push(category);
  }
  return `${PREFIX}${consent.revision}&t=${consent.timestamp}&id=${consent.id}&s=${consent.source}` +
    `&g=${granted.join('+')}&d=${refused.join('+')}`;
}

/**
 * Reads a cookie value back into a record. Anything that is not exactly a version-1 value
 * (another version, a truncated or altered value, a wrong type) gives `null`; it never throws.
 */
export function decodeConsent(value: unknown): Consent | null {
  if (typeof value !== 'string' || value.length > 4096 || !value.startsWith(PREFIX)) return null;
  const fields = value.slice(PREFIX.length).split('&');
  if (fields.length !== 6) return null;
  const [revision, timestamp, id, source, granted, refused] = fields as [string, string, string, string, string, string];
  if (
    !/^\d{1,9}$/.test(revision) ||
    !/^t=\d{1,15}$/.test(timestamp) ||
    !id.startsWith('id=') || !DECISION_ID.test(id.slice(3)) ||
    !source.startsWith('s=') || !SOURCES.includes(source.slice(2) as ConsentSource) ||
    !granted.startsWith('g=') || !refused.startsWith('d=')
  ) return null;

  const categories: Record<string, boolean> = { [NECESSARY]: true };
  let count = 0;
  for (const [list, granting] of [[granted, true], [refused, false]] as const) {
    if (list.length === 2) continue;
    for (const category of list.slice(2).split('+')) {
      // Object.hasOwn also rejects a duplicate and `necessary`, which the writer never writes.
      if (!CATEGORY_ID.test(category) || Object.hasOwn(categories, category) || ++count > MAX_CATEGORIES) return null;
      categories[category] = granting;
    }
  }
  return {
    categories,
    revision: Number(revision),
    timestamp: Number(timestamp.slice(2)),
    id: id.slice(3),
    source: source.slice(2) as ConsentSource,
  };
}

/**
 * Finds the consent cookie in a `Cookie` header (or `document.cookie`) and decodes it.
 *
 *   cookie-string = cookie-pair *( ";" SP cookie-pair )     ; RFC 6265 section 4.2.1
 *   cookie-pair   = cookie-name "=" cookie-value
 *
 * Real headers are looser than the grammar, so this also takes odd spacing, a value in double quotes
 * and a `%`-escaped value. When the name occurs more than once (a host-only and a domain cookie, or two
 * paths), the first occurrence that decodes and that `accept` takes wins: browsers send the cookie
 * with the longest path first. Walks the string by index and allocates only for the candidates.
 */
export function findConsent(
  header: unknown,
  name: string,
  accept: (consent: Consent) => boolean = () => true,
): Consent | null {
  if (typeof header !== 'string' || name === '') return null;
  const length = header.length;
  let from = 0;
  while (from < length) {
    const at = header.indexOf(name, from);
    if (at === -1) return null;
    from = at + name.length;
    if (!startsPair(header, at)) continue;
    let eq = from;
    while (eq < length && isSpace(header.charCodeAt(eq))) eq++;
    if (header.charCodeAt(eq) !== 61 /* = */) continue;
    let end = header.indexOf(';', eq + 1);
    if (end === -1) end = length;
    const consent = decodeConsent(cleanValue(header, eq + 1, end));
    if (consent !== null && accept(consent)) return consent;
    from = end;
  }
  return null;
}

/** True when `at` is the start of a cookie-pair: at the start, or after `;` and optional spaces. */
function startsPair(header: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isSpace(header.charCodeAt(i))) i--;
  return i < 0 || header.charCodeAt(i) === 59 /* ; */;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

function cleanValue(header: string, start: number, end: number): string | null {
  while (start < end && isSpace(header.charCodeAt(start))) start++;
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--;
  if (end - start >= 2 && header.charCodeAt(start) === 34 && header.charCodeAt(end - 1) === 34 /* " */) {
    start++;
    end--;
  }
  const value = header.slice(start, end);
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
