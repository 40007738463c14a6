/**
 * A memory of the last 8 category lists the server decoded (the text after `&g=`) and what they read
 * to. Nearly every visitor's cookie carries one of a few lists (all granted, all refused, a common
 * mix), so most requests copy a known result instead of reading ids again: about a third less work
 * per read. Pages read one cookie now and then and do without it, so it lives here, not in the codec.
 */
import type { ListReader } from '../consent/index.js';

const SIZE = 8;

/** `read`, with a memory in front of it. Each result is a fresh copy; a stream of new lists only pushes entries out. */
export function rememberLists(read: ListReader): ListReader {
  const recent: { lists: string; categories: Record<string, boolean> }[] = [];
  let next = 0;
  return (text, start, end) => {
    for (const { lists, categories } of recent) {
      // Cheap checks first; then V8 compares a slice with === several times faster than startsWith.
      if (
        lists.length === end - start && lists.charCodeAt(0) === text.charCodeAt(start) &&
        lists.charCodeAt(lists.length - 1) === text.charCodeAt(end - 1) && lists === text.slice(start, end)
      ) return { ...categories };
    }
    const categories = read(text, start, end);
    if (categories) {
      // A copy of the text, not a slice of it: a slice could keep the whole request header alive.
      recent[next] = { lists: (' ' + text.slice(start, end)).slice(1), categories: { ...categories } };
      next = (next + 1) % SIZE;
    }
    return categories;
  };
}
