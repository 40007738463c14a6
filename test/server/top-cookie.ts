/**
 * Where the shared test data lives. Locally it is `/work/shared`; in CI a fresh clone has `shared/`
 * beside it (`<clone>/../shared`). Walks up from the project root so either layout works;
 * `COOKIE_CONSENT_SHARED` points elsewhere explicitly.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is `test/server/top-cookie.ts`). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of `top-cookie.json`; throws (failing the test) when it cannot be found. */
export function findTopCookie(): string {
  const tried: string[] = [];
  const explicit = process.env.COOKIE_CONSENT_SHARED;
  if (explicit) tried.push(join(explicit, 'data', 'top-cookie.json'));
  for (let dir = projectRoot; ; dir = dirname(dir)) {
    tried.push(join(dir, '..', 'shared', 'data', 'top-cookie.json'), join(dir, 'shared', 'data', 'top-cookie.json'));
    if (dirname(dir) === dir) break;
  }
  const found = tried.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`top-cookie.json not found; looked in:\n  ${tried.join('\n  ')}`);
  return resolve(found);
}
