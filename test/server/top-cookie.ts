/**
 * Where the test data lives: `test/server/data/`, inside the repository, so a plain clone tests itself.
 * `top-cookie.json` holds real Cookie headers of popular sites (jshttp/cookie's benchmark data; source
 * and licence in data/README.md).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is `test/server/top-cookie.ts`). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of `top-cookie.json`. */
export function findTopCookie(): string {
  return join(projectRoot, 'test', 'server', 'data', 'top-cookie.json');
}
